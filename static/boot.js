// Starts the Rendezvous playground.
//
// Trunk's own loader is an inline <script>, which the page's
// Content-Security-Policy (script-src 'self') forbids, so Trunk.toml turns it
// off and this external module does its job: load the wasm-bindgen glue and
// run the app. The .wasm file is found next to the glue, so the site works
// from any sub-path.
import init from "./rendezvous-web.js";

init().catch((error) => {
  console.error("Rendezvous failed to start:", error);
  const message = document.createElement("p");
  message.dataset.testid = "boot-error";
  message.textContent = `Rendezvous failed to start: ${error}`;
  document.body.append(message);
});
