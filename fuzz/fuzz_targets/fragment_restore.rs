//! A link opens the page: `Playground::from_fragment` decodes the
//! fragment's scenario, preset, worker count, assumptions, seed, schedule,
//! step and tour stop, and must never panic. A bad link falls back to the
//! default scenario with a message; a good one must reopen, from the link
//! the page then writes, to the same settings and the same moment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_web::state::Playground;

fuzz_target!(|text: &str| {
    let playground = Playground::from_fragment(text);
    if playground.error().is_some() {
        return;
    }
    let link = playground.fragment();
    let reopened = Playground::from_fragment(&link);
    assert_eq!(reopened.error(), None, "{link}");
    assert_eq!(reopened.settings(), playground.settings(), "{link}");
    assert_eq!(
        reopened.run().schedule(),
        playground.run().schedule(),
        "{link}"
    );
    assert_eq!(reopened.run().cursor(), playground.run().cursor(), "{link}");
    assert_eq!(reopened.run().moment(), playground.run().moment(), "{link}");
});
