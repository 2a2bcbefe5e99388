import KiwiLTSPCommands

@main
enum KiwiLTSPMain {
    static func main() async {
        await KiwiLTSP.runCommandLine()
    }
}
