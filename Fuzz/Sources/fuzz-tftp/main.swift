import CLibFuzzer

kiwi_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv)
