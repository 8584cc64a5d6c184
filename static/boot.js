// Starts the Rendezvous playground.
//
// Trunk's own loader is an inline <script>, which the page's
// Content-Security-Policy (script-src 'self') forbids, so Trunk.toml turns it
// off and this external module does its job: load the wasm-bindgen glue and
// run the app. The .wasm file is found next to the glue, so the site works
// from any sub-path.
//
// Once the app runs, it registers the service worker (sw.js), which caches
// the whole site: later loads, the checker's worker and offline reloads need
// no server. Only the playground page does this, never rendezvous-embed.js on
// another site's page. `<html data-offline>` tells how that went: "ready"
// when the worker controls this page, "unavailable" when this browser or
// context has none (file://, some private modes); the page works either way.
import init from "./rendezvous-web.js";

init()
  .then(workOffline)
  .catch((error) => {
    console.error("Rendezvous failed to start:", error);
    const message = document.createElement("p");
    message.dataset.testid = "boot-error";
    message.textContent = `Rendezvous failed to start: ${error}`;
    document.body.append(message);
  });

async function workOffline() {
  const root = document.documentElement;
  try {
    const workers = navigator.serviceWorker;
    if (!workers) throw new Error("no service workers here");
    const here = new URL("./", import.meta.url);
    await workers.register(new URL("sw.js", here), { scope: here.href });
    await workers.ready;
    if (!workers.controller) {
      // The first visit: the worker claims this page once it is active.
      await new Promise((resolve) => workers.addEventListener("controllerchange", resolve, { once: true }));
    }
    root.dataset.offline = "ready";
  } catch {
    root.dataset.offline = "unavailable";
  }
}
