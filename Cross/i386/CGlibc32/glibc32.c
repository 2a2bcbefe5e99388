#include "glibc32.h"

int kiwi_argument_count;
char **kiwi_arguments;

/// glibc hands the functions of .init_array the same argc and argv that main gets.
__attribute__((constructor)) static void kiwi_save_arguments(int count, char **arguments, char **environment) {
    (void)environment;
    kiwi_argument_count = count;
    kiwi_arguments = arguments;
}
