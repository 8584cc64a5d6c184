//! The example mdBook (`docs/book`, built with the pinned mdbook, the site
//! copied beside it): its page embeds one widget in an iframe and mounts
//! another with `rendezvous-embed.js`. Both render, step independently and
//! share no state.

use crate::embed::{wait_for_widget_step, widget_attr, widget_click};
use fantoccini::Locator;
use rendezvous_tests::{with_page, PageOptions, TempDir};
use serde_json::Value;
use xtask::server::ServerConfig;
use xtask::tools::Toolchain;

#[tokio::test]
async fn the_book_page_runs_two_independent_widgets() {
    let folder = TempDir::new("book");
    let toolchain = Toolchain::ensure().expect("the pinned tools");
    xtask::book::build_book(&toolchain, folder.path()).expect("the book builds");
    // A first load that finishes at once; the book's pages come next.
    let mut options = PageOptions::default().path("favicon.svg");
    // mdBook's own pages use inline scripts, so the book is served without
    // the site's Content-Security-Policy.
    options.server = ServerConfig::new(folder.path()).without_header("Content-Security-Policy");
    with_page(options, |page| async move {
        let url = format!("{}widgets.html", page.site_url());
        page.client()
            .goto(&url)
            .await
            .expect("the book page did not load");
        wait_for_widget_step(&page, "#mounted-widget", "3").await;
        let iframe = page
            .client()
            .find(Locator::Css("#iframe-widget"))
            .await
            .expect("the iframe");
        iframe.enter_frame().await.expect("into the iframe");
        page.wait_for_attr("app", "data-step", |step| step == Some("12"))
            .await;
        page.click("step").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("13"))
            .await;
        page.client().enter_parent_frame().await.unwrap();

        assert_eq!(
            widget_attr(&page, "#mounted-widget", "app", "data-step")
                .await
                .as_deref(),
            Some("3")
        );
        widget_click(&page, "#mounted-widget", "step").await;
        widget_click(&page, "#mounted-widget", "step").await;
        wait_for_widget_step(&page, "#mounted-widget", "5").await;
        let schedule = widget_attr(&page, "#mounted-widget", "app", "data-schedule").await;
        assert_eq!(schedule.as_deref(), Some("w0 w1 r0 w0 w1"));

        let iframe = page
            .client()
            .find(Locator::Css("#iframe-widget"))
            .await
            .unwrap();
        iframe.enter_frame().await.unwrap();
        assert_eq!(page.attr("app", "data-step").await.as_deref(), Some("13"));
        let hash = page.execute("return location.hash;").await;
        assert_eq!(
            hash,
            Value::String("#scenario=wedged-worker&step=12".into())
        );
        page.client().enter_parent_frame().await.unwrap();
        let hash = page.execute("return location.hash;").await;
        assert_eq!(hash, Value::String(String::new()));
        page.screenshot("book-widgets").await;
        let errors: Vec<_> = page
            .console_errors()
            .await
            .into_iter()
            .filter(|entry| entry.message.contains("site/") || entry.message.contains("Rendezvous"))
            .collect();
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}
