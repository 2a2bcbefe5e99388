import LDMInfo
import Testing

struct DesktopEntryTests {
    @Test func readsTheDesktopEntryGroupOnly() {
        let entry = DesktopEntry(
            parsing: """
                # comment
                [Desktop Entry]
                Name=Xfce Session
                Name[de]=Xfce-Sitzung
                Comment=Use this session to run Xfce as your desktop environment
                Exec = startxfce4
                TryExec=startxfce4
                Type=Application

                [Desktop Action Other]
                Exec=other
                Hidden=true
                """)
        #expect(
            entry
                == {
                    var expected = DesktopEntry(parsing: "")
                    expected.name = "Xfce Session"
                    expected.exec = "startxfce4"
                    expected.tryExec = "startxfce4"
                    return expected
                }())
        #expect(DesktopEntry(parsing: "[Desktop Entry]\nHidden=True\nExec=x\n").hidden)
    }
}
