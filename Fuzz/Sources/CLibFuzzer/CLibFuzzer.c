#include "CLibFuzzer.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/// From the fuzz target (Swift, `@_cdecl("LLVMFuzzerTestOneInput")`).
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/// From libclang_rt.fuzzer, linked in by `-sanitize=fuzzer`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

void kiwi_fuzz_main(int argc, char **argv) {
    exit(LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput));
}
