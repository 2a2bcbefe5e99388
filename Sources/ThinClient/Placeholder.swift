// Placeholder until the module lands.
enum ThinClientPlaceholder {}
