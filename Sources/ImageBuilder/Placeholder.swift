// Placeholder until the module lands.
enum ImageBuilderPlaceholder {}
