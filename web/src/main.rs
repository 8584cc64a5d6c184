fn main() {
    // The same module also runs in the checker's Web Worker, where there is
    // no window and nothing to render.
    if web_sys::window().is_some() {
        yew::Renderer::<rendezvous_web::App>::new().render();
    }
}
