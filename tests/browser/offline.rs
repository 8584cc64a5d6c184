//! After the first load the page needs nothing from the network: stepping,
//! playing, tours, challenges, exports, imports and links all run in the
//! page. The server's request log must not grow, and every resource the
//! page ever loaded came from the site itself. The strict CSP is on, so a
//! violation would show as a console error.

use rendezvous_tests::{with_page, PageOptions};

#[tokio::test]
async fn after_the_first_load_the_page_makes_no_request() {
    with_page(PageOptions::default(), |page| async move {
        page.wait_for_testid("step").await;
        // Let the first load settle (the icon is fetched last).
        page.wait_until("the icon to load", || async {
            page.served()
                .iter()
                .any(|request| request.url.contains("favicon"))
                .then_some(())
        })
        .await;
        let first_load = page.served();

        for _ in 0..5 {
            page.click("step").await;
        }
        page.click("back").await;
        page.click("play").await;
        page.wait_for_attr("app", "data-step", |step| {
            step.and_then(|step| step.parse::<u32>().ok()).is_some_and(|step| step > 6)
        })
        .await;
        page.click("play").await;
        page.click("tour-start").await;
        page.click("tour-next").await;
        page.click("export").await;
        page.click("export-svg").await;
        page.click("export-mermaid").await;
        page.goto("#scenario=no-nudge&step=4").await;
        page.wait_for_testid("challenge-won").await;
        let during: Vec<_> = page.served()[first_load.len()..].to_vec();
        assert!(during.is_empty(), "requests while using the page: {during:#?}");

        // The embed mode is a new document: a first load of its own, then
        // nothing more.
        page.goto("index.html?embed#scenario=early-result&step=3").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("3"))
            .await;
        let embed_load = page.served();
        page.click("step").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("4"))
            .await;
        let later: Vec<_> = page.served()[embed_load.len()..].to_vec();
        assert!(later.is_empty(), "requests after the embed load: {later:#?}");
        let foreign = page
            .execute(
                "return performance.getEntriesByType('resource')
                    .map((entry) => entry.name)
                    .filter((name) => !name.startsWith(location.origin) && !name.startsWith('blob:'));",
            )
            .await;
        assert_eq!(foreign, serde_json::json!([]), "resources from elsewhere");
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}
