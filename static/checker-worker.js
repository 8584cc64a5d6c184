// The exhaustive checker and the trace-file reader and writer, off the
// main thread.
//
// It loads the checker's own wasm module (the `rendezvous-checker` crate),
// not the page's: the page's wasm links no checker and no trace reader, so
// the first load stays small, and this module is fetched when it is first
// needed (the service worker has it precached, like the rest of the site).
// It answers one request per message. The page posts a request as JSON
// (`{"check": …}`, `{"import": …}` or `{"export": …}`) and gets back, as
// JSON text, a check's progress messages and its report as markup, timed
// by the wasm (`{"progress": …}`, `{"done": …}`), a file's run
// (`{"imported": …}`), a file (`{"exported": …}`), or a refusal
// (`{"failed": …}`); to stop a check the page terminates this worker.
import init, { serve_in_worker } from "./rendezvous-checker.js";

const ready = init();

self.onmessage = async (event) => {
  try {
    await ready;
    self.postMessage(serve_in_worker(event.data, (progress) => {
      self.postMessage(progress);
    }));
  } catch (error) {
    self.postMessage(JSON.stringify({ failed: { message: String(error) } }));
  }
};
