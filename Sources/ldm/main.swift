import Glibc
import LDM

exit(DisplayManager.main(arguments: Array(CommandLine.arguments.dropFirst())))
