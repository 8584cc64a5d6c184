fn main() {
    yew::Renderer::<rendezvous_web::App>::new().render();
}
