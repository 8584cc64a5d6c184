// The exhaustive checker, off the main thread.
//
// It loads the same wasm module as the page (whose `main` does nothing
// without a window) and runs one check per message. The page posts a
// request as JSON and gets back progress messages and a final report, each
// as JSON text (`{"progress": …}`, `{"done": …}` or `{"failed": …}`); to
// stop a check the page terminates this worker.
import init, { check_in_worker } from "./rendezvous-web.js";

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
