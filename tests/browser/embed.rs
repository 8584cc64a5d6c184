//! Embedding: the compact iframe mode (`index.html?embed#...`) and the
//! JavaScript mount API (`rendezvous-embed.js`), with several independent
//! widgets on one page.

use rendezvous_tests::{with_page, Page, PageOptions, TempDir};
use serde_json::Value;
use xtask::server::ServerConfig;

#[tokio::test]
async fn the_embed_mode_fits_an_iframe_and_opens_the_full_playground() {
    let mut options =
        PageOptions::default().path("index.html?embed#scenario=wedged-worker&step=12");
    options.window = (640, 400);
    with_page(options, |page| async move {
        page.wait_for_attr("app", "data-step", |step| step == Some("12"))
            .await;
        let class = page.attr("app", "class").await.unwrap_or_default();
        assert!(class.contains("embed"), "{class}");
        let snapshot = page.snapshot().await;
        for present in ["step", "back", "play", "narration", "worker-0", "open-full"] {
            assert!(snapshot.get(present).is_some(), "{present} is missing");
        }
        for absent in ["scenario", "timeline", "export", "import", "check"] {
            assert!(snapshot.get(absent).is_none(), "{absent} is shown");
        }
        page.click("step").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("13"))
            .await;
        // The widget leaves the page's URL alone.
        let url = page.client().current_url().await.unwrap().to_string();
        assert!(url.ends_with("#scenario=wedged-worker&step=12"), "{url}");
        // Usable at 640 wide: nothing sticks out sideways.
        let overflow = page
            .execute("return document.documentElement.scrollWidth - window.innerWidth;")
            .await;
        assert!(overflow.as_i64().unwrap_or(1) <= 0, "overflow {overflow}");
        // An iframe of 640x400 is a viewport of that size: grow the window
        // by what its frame takes.
        let chrome = page
            .execute("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];")
            .await;
        let extra = |index: usize| chrome[index].as_u64().unwrap_or(0) as u32;
        page.client()
            .set_window_size(640 + extra(0), 400 + extra(1))
            .await
            .expect("could not resize the window");
        page.wait_until("a 640x400 viewport", || async {
            let size = page.execute("return [window.innerWidth, window.innerHeight];").await;
            (size == serde_json::json!([640, 400])).then_some(())
        })
        .await;
        // Usable at 400 high: the frame never scrolls, the controls and the
        // newest sentence stay in view, and the stage starts on screen with
        // the first worker's lane and the barriers visible.
        let fit = page
            .execute(
                "const top = (id) => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect().top;
                 return {
                    scroll: document.documentElement.scrollHeight - window.innerHeight,
                    narration: top('narration'),
                    worker: top('worker-0'),
                    barrier: top('barrier-trace_start'),
                    height: window.innerHeight,
                 };",
            )
            .await;
        assert!(fit["scroll"].as_f64().unwrap_or(1.0) <= 0.0, "{fit}");
        let height = fit["height"].as_f64().unwrap_or(0.0);
        for object in ["narration", "worker", "barrier"] {
            let top = fit[object].as_f64().unwrap_or(f64::MAX);
            assert!(top >= 0.0 && top < height - 60.0, "{object} is out of view: {fit}");
        }
        page.screenshot("embed-640x400").await;

        let href = page.attr("open-full", "href").await.unwrap_or_default();
        assert!(href.contains("index.html#scenario=wedged-worker"), "{href}");
        assert!(href.contains("step=13"), "{href}");
        page.client().goto(&href).await.unwrap();
        page.wait_for_attr("app", "data-step", |step| step == Some("13"))
            .await;
        let class = page.attr("app", "class").await.unwrap_or_default();
        assert!(!class.contains("embed"), "{class}");
        page.wait_for_testid("timeline").await;
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}

const HOST_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Widgets</title><link rel="icon" href="favicon.svg">
<script type="module" src="./rendezvous-embed.js"></script>
<script type="module" src="./widgets.js"></script></head>
<body>
<h1>Two widgets and a declared one</h1>
<div id="a"></div>
<div id="b"></div>
<div id="c" data-rendezvous data-scenario="early-result" data-step="3"></div>
</body>
</html>
"#;

const HOST_SCRIPT: &str = r#"import { mount } from "./rendezvous-embed.js";
window.widgets = {
  a: mount(document.getElementById("a"), { scenario: "wedged-worker", step: 5 }),
  b: mount(document.getElementById("b"), { scenario: "no-nudge", schedule: "r0 r0", step: 1 }),
};
"#;

/// A copy of `dist/` with a host page that mounts widgets.
pub fn site_with_host_page(name: &str) -> TempDir {
    let folder = TempDir::new(name);
    for entry in std::fs::read_dir(xtask::dist_dir()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), folder.path().join(entry.file_name())).unwrap();
        }
    }
    std::fs::write(folder.path().join("widgets.html"), HOST_PAGE).unwrap();
    std::fs::write(folder.path().join("widgets.js"), HOST_SCRIPT).unwrap();
    folder
}

/// An attribute of `[data-testid=ID]` inside the widget in `#host`'s
/// shadow root (`null` when absent).
pub async fn widget_attr(page: &Page, host: &str, id: &str, attribute: &str) -> Option<String> {
    let script = r#"
        const [host, id, attribute] = arguments;
        const root = document.querySelector(host)?.shadowRoot;
        const element = root?.querySelector(`[data-testid="${id}"]`);
        return element ? element.getAttribute(attribute) : null;
    "#;
    let args = [host, id, attribute].map(|text| Value::String(text.to_owned()));
    let value = page.client().execute(script, args.to_vec()).await.unwrap();
    value.as_str().map(str::to_owned)
}

/// Clicks `[data-testid=ID]` inside the widget in `#host`.
pub async fn widget_click(page: &Page, host: &str, id: &str) {
    let script = r#"
        const [host, id] = arguments;
        document.querySelector(host).shadowRoot.querySelector(`[data-testid="${id}"]`).click();
    "#;
    let args = [host, id].map(|text| Value::String(text.to_owned()));
    page.client().execute(script, args.to_vec()).await.unwrap();
}

/// Waits until the widget in `host` shows step `step`.
pub async fn wait_for_widget_step(page: &Page, host: &str, step: &str) {
    page.wait_until(&format!("{host} at step {step}"), || async {
        (widget_attr(page, host, "app", "data-step").await.as_deref() == Some(step)).then_some(())
    })
    .await;
}

#[tokio::test]
async fn mounted_widgets_run_independently_and_unmount() {
    let folder = site_with_host_page("widgets");
    let mut options = PageOptions::default().path("widgets.html");
    options.server = ServerConfig::new(folder.path());
    with_page(options, |page| async move {
        wait_for_widget_step(&page, "#a", "5").await;
        wait_for_widget_step(&page, "#b", "1").await;
        wait_for_widget_step(&page, "#c", "3").await;
        assert_eq!(
            widget_attr(&page, "#b", "app", "data-schedule").await.as_deref(),
            Some("r0 r0")
        );
        widget_click(&page, "#a", "step").await;
        widget_click(&page, "#a", "step").await;
        wait_for_widget_step(&page, "#a", "7").await;
        assert_eq!(widget_attr(&page, "#b", "app", "data-step").await.as_deref(), Some("1"));
        assert_eq!(widget_attr(&page, "#c", "app", "data-step").await.as_deref(), Some("3"));
        widget_click(&page, "#b", "back").await;
        wait_for_widget_step(&page, "#b", "0").await;
        assert_eq!(widget_attr(&page, "#a", "app", "data-step").await.as_deref(), Some("7"));
        // Nobody writes the host page's URL.
        let hash = page.execute("return location.hash;").await;
        assert_eq!(hash, Value::String(String::new()));
        // Nor registers a service worker on the host's origin: only the
        // playground page itself does.
        let registrations = page
            .execute("return navigator.serviceWorker.getRegistrations().then((all) => all.length);")
            .await;
        assert_eq!(registrations, Value::from(0), "a service worker on the host");
        let href = widget_attr(&page, "#a", "open-full", "href").await.unwrap_or_default();
        assert!(href.ends_with("index.html#scenario=wedged-worker&variant=tokio&workers=2&schedule=w0+w1+r0+w0+w1+r0+w0&step=7"), "{href}");

        page.execute("window.widgets.a.unmount();").await;
        page.wait_until("#a to be empty", || async {
            let count = page
                .execute("return document.querySelector('#a').shadowRoot.childElementCount;")
                .await;
            (count.as_i64() == Some(0)).then_some(())
        })
        .await;
        widget_click(&page, "#b", "step").await;
        wait_for_widget_step(&page, "#b", "1").await;
        page.screenshot("widgets").await;
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}
