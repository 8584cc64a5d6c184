//! Screenshots of the playground at a desktop and a phone width, saved to
//! `target/screenshots/`, at the moment PROTOCOL.md 5.1 breaks S1 (the page
//! at its busiest). At both widths nothing may stick out sideways.

use crate::support::{assert_healthy, loaded_at, SECTION_5_1};
use rendezvous_tests::{with_page, Page, PageOptions};

/// The viewports, in CSS pixels.
const VIEWPORTS: &[(u32, u32)] = &[(1280, 800), (375, 800)];

/// Resizes the window so that the viewport is `width` × `height`: the
/// window may be larger than its viewport, so the difference is measured
/// and added.
pub(crate) async fn set_viewport(page: &Page, width: u32, height: u32) {
    let client = page.client();
    let resize = |w: u32, h: u32| async move {
        client
            .set_window_size(w, h)
            .await
            .unwrap_or_else(|error| panic!("could not resize the window to {w}x{h}: {error}"));
    };
    resize(width, height).await;
    let inner = page
        .execute("return [window.innerWidth, window.innerHeight];")
        .await;
    let inner = |index: usize| inner[index].as_u64().unwrap_or_default() as u32;
    let (inner_width, inner_height) = (inner(0), inner(1));
    if (inner_width, inner_height) != (width, height) {
        resize(
            width + width.saturating_sub(inner_width),
            height + height.saturating_sub(inner_height),
        )
        .await;
    }
    let what = format!("a {width}x{height} viewport");
    page.wait_until(&what, || async {
        let inner = page
            .execute("return [window.innerWidth, window.innerHeight];")
            .await;
        let size = (inner[0].as_u64(), inner[1].as_u64());
        (size == (Some(u64::from(width)), Some(u64::from(height)))).then_some(())
    })
    .await;
}

#[tokio::test]
async fn screenshots_at_desktop_and_phone_widths() {
    let schedule = SECTION_5_1.split_whitespace().collect::<Vec<_>>().join("+");
    let steps = SECTION_5_1.split_whitespace().count();
    let path =
        format!("#scenario=wedged-worker&variant=tokio&workers=2&schedule={schedule}&step={steps}");
    with_page(PageOptions::default().path(&path), |page| async move {
        loaded_at(&page, steps).await;
        for &(width, height) in VIEWPORTS {
            set_viewport(&page, width, height).await;
            let overflow = page
                .execute(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                )
                .await;
            let name = format!("playground-{width}x{height}");
            let path = page.screenshot(&name).await;
            let png = std::fs::read(&path).expect("the screenshot was just written");
            // PNG's IHDR holds the image's width and height (device pixels).
            let dimension = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
            println!(
                "{}: {}x{} pixels",
                path.display(),
                dimension(16),
                dimension(20)
            );
            assert_eq!(&png[1..4], b"PNG", "{} is not a PNG", path.display());
            assert_eq!(dimension(16), width, "the screenshot's width");
            assert_eq!(
                overflow.as_i64(),
                Some(0),
                "at {width}px the page is wider than the window (by {overflow} px)"
            );
        }
        assert_healthy(&page).await;
    })
    .await;
}
