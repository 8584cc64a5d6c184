// Rendezvous widgets for any page: one script include, no iframe.
//
//   <script type="module" src="https://example.org/rendezvous/rendezvous-embed.js"></script>
//   <div data-rendezvous data-scenario="wedged-worker" data-step="12"></div>
//
// Every element with `data-rendezvous` (data-scenario, data-variant,
// data-workers, data-schedule, data-step, data-seed, data-autoplay) is
// mounted when the page has loaded. From a module, mount by hand:
//
//   import { mount } from ".../rendezvous-embed.js";
//   const widget = mount(element, { scenario: "no-nudge", step: 3 });
//   widget.unmount();
//
// `window.Rendezvous` holds the same `mount`. The wasm module and its glue
// are found next to this file, so the site works from any path.
import init, { mount as mountWidget } from "./rendezvous-web.js";

const ready = init();
const fullPage = new URL("./index.html", import.meta.url).href;
const styles = new URL("./rendezvous.css", import.meta.url).href;
const KEYS = ["scenario", "variant", "workers", "seed", "schedule", "step"];

// The URL fragment of the playground for these options.
function fragmentOf(options) {
  return KEYS.filter((key) => options[key] !== undefined && options[key] !== null && options[key] !== "")
    .map((key) => {
      const value = String(options[key]);
      const text = key === "schedule" ? value.trim().split(/\s+/).join("+") : value;
      return `${key}=${encodeURIComponent(text).replace(/%2B/g, "+").replace(/%3A/g, ":")}`;
    })
    .join("&");
}

// Mounts a widget in `element`; returns a handle at once, whose `ready`
// promise settles when the widget shows and whose `unmount()` takes it down
// (also before it has shown).
//
// The widget lives in a shadow root of `element` with its own copy of the
// stylesheet, so the page's styles and the widget's do not mix.
export function mount(element, options = {}) {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = styles;
  const root = document.createElement("div");
  root.className = "rendezvous-root";
  shadow.replaceChildren(link, root);
  let widget = null;
  let gone = false;
  const handle = {
    element,
    root,
    ready: ready.then(() => {
      if (!gone) {
        widget = mountWidget(root, fragmentOf(options), Boolean(options.autoplay), fullPage);
      }
      return handle;
    }),
    unmount() {
      gone = true;
      if (widget) {
        widget.unmount();
        widget.free();
        widget = null;
      }
      shadow.replaceChildren();
    },
  };
  handle.ready.catch((error) => console.error("Rendezvous could not mount:", error));
  return handle;
}

function mountDeclared() {
  for (const element of document.querySelectorAll("[data-rendezvous]:not([data-rendezvous-mounted])")) {
    if (element === document.body) continue;
    element.dataset.rendezvousMounted = "";
    const options = {};
    for (const key of KEYS) options[key] = element.dataset[key];
    options.autoplay = "autoplay" in element.dataset;
    element.rendezvous = mount(element, options);
  }
}

globalThis.Rendezvous = { mount };
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountDeclared);
} else {
  mountDeclared();
}
