#define _GNU_SOURCE
#include "glibc32.h"

int kiwi_argument_count;
char **kiwi_arguments;

/// glibc hands the functions of .init_array the same argc and argv that main gets.
__attribute__((constructor)) static void kiwi_save_arguments(int count, char **arguments, char **environment) {
    (void)environment;
    kiwi_argument_count = count;
    kiwi_arguments = arguments;
}

/// What the Swift runtime gives `Double(String)` and `Float(String)` (Embedded Swift calls it and has no runtime):
/// the number in the C locale, and where its text ended.
static locale_t kiwi_c_locale(void) {
    static locale_t locale;
    if (!locale) locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return locale;
}

const char *_swift_stdlib_strtod_clocale(const char *text, double *result) {
    char *end;
    *result = strtod_l(text, &end, kiwi_c_locale());
    return end;
}

const char *_swift_stdlib_strtof_clocale(const char *text, float *result) {
    char *end;
    *result = strtof_l(text, &end, kiwi_c_locale());
    return end;
}
