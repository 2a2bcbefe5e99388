import Glibc
import ThinClient

exit(ClientBoot.main(arguments: Array(CommandLine.arguments.dropFirst())))
