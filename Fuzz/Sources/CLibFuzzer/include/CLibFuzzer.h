#ifndef KIWI_CLIBFUZZER_H
#define KIWI_CLIBFUZZER_H

/// Runs libFuzzer's driver (command line, corpus, -runs, -max_total_time, ...) on `LLVMFuzzerTestOneInput`, which
/// each fuzz target defines in Swift with `@_cdecl`, and exits with its status. libFuzzer's own `main` cannot be
/// used: SwiftPM links every executable target with a `main` of its own.
_Noreturn void kiwi_fuzz_main(int argc, char **argv);

#endif
