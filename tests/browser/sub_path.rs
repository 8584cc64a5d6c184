//! The site uses relative URLs only, so `dist/` works from any sub-path
//! (such as a project page at `/rendezvous/`), under the strict CSP.

use rendezvous_tests::{with_page, PageOptions};

#[tokio::test]
async fn the_site_boots_under_a_sub_path() {
    let options = PageOptions::default().prefix("/rendezvous/");
    with_page(options, |page| async move {
        page.wait_for_testid("step").await;
        let served = page.served();
        let outside: Vec<_> = served
            .iter()
            .filter(|request| !request.url.starts_with("/rendezvous/"))
            .collect();
        assert!(
            outside.is_empty(),
            "requests outside the prefix: {outside:#?}"
        );
        let failed: Vec<_> = served
            .iter()
            .filter(|request| request.status != 200)
            .collect();
        assert!(failed.is_empty(), "failed requests: {failed:#?}");
        for asset in ["boot.js", "rendezvous-web.js", "rendezvous-web_bg.wasm"] {
            assert!(
                served.iter().any(|request| request.url.ends_with(asset)),
                "{asset} was never requested: {served:#?}"
            );
        }
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}
