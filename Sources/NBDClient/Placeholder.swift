// Placeholder until the module lands.
enum NBDClientPlaceholder {}
