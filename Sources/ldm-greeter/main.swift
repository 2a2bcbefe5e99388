import Glibc
import Greeter

exit(GreeterProgram.main(arguments: Array(CommandLine.arguments.dropFirst())))
