// The exhaustive checker, off the main thread.
//
// It loads the checker's own wasm module (the `rendezvous-checker` crate),
// not the page's: the page's wasm links no checker, so the first load stays
// small, and this module is fetched when the first check starts (the service
// worker has it precached, like the rest of the site). It runs one check per
// message. The page posts a request as JSON and gets back progress messages
// and a final report, each as JSON text (`{"progress": …}`, `{"done": …}`
// or `{"failed": …}`); to stop a check the page terminates this worker.
import init, { check_in_worker } from "./rendezvous-checker.js";

const ready = init();

self.onmessage = async (event) => {
  try {
    await ready;
    const started = performance.now();
    const result = check_in_worker(event.data, (progress) => {
      self.postMessage(progress);
    });
    const message = JSON.parse(result);
    if (message.done) {
      message.done.milliseconds = Math.round(performance.now() - started);
    }
    self.postMessage(JSON.stringify(message));
  } catch (error) {
    self.postMessage(JSON.stringify({ failed: { message: String(error) } }));
  }
};
