import CXft
import Glibc

/// The greeter's full-screen window on the client's X server: Xlib for the window and input, Xft (fontconfig,
/// FreeType) for text. Everything is drawn into a pixmap first and copied in one go, so the screen never flickers.
/// No window manager runs at the greeter, so the window is override-redirect and takes the keyboard itself.
public final class GreeterWindow: @unchecked Sendable {
    public enum Event: Equatable {
        case key(GreeterKey)
        case click(x: Int, y: Int)
        case expose
    }

    let display: OpaquePointer
    let window: Window
    let pixmap: Pixmap
    let draw: OpaquePointer
    let visual: UnsafeMutablePointer<Visual>
    let colormap: Colormap
    public let width: Int
    public let height: Int
    private var fonts: [GreeterLayout.Font: UnsafeMutablePointer<XftFont>] = [:]
    private var colors: [GreeterLayout.Color: XftColor] = [:]
    private let inputContext: XIC?

    public static let fontNames: [GreeterLayout.Font: String] = [
        .title: "DejaVu Sans:bold:size=20", .body: "DejaVu Sans:size=14", .small: "DejaVu Sans:size=11",
    ]
    public static let colorNames: [GreeterLayout.Color: String] = [
        .background: "#16324f", .bar: "#0d1f33", .panel: "#f4f6f8", .entry: "#ffffff", .text: "#1b1f24",
        .dim: "#5b6673", .light: "#e8eef4", .message: "#b3261e", .accent: "#2a6f97",
    ]

    public init() throws(GreeterError) {
        guard let display = XOpenDisplay(nil) else {
            throw GreeterError(
                "cannot open the X display \(getenv("DISPLAY").map { String(cString: $0) } ?? "(DISPLAY unset)")")
        }
        self.display = display
        let screen = XDefaultScreen(display)
        width = Int(XDisplayWidth(display, screen))
        height = Int(XDisplayHeight(display, screen))
        visual = XDefaultVisual(display, screen)
        colormap = XDefaultColormap(display, screen)
        let root = XRootWindow(display, screen)
        window = XCreateSimpleWindow(
            display, root, 0, 0, UInt32(width), UInt32(height), 0,
            XBlackPixel(display, screen), XBlackPixel(display, screen))
        var attributes = XSetWindowAttributes()
        attributes.override_redirect = 1
        XChangeWindowAttributes(display, window, UInt(CWOverrideRedirect), &attributes)
        XSelectInput(display, window, KeyPressMask | ButtonPressMask | ExposureMask | StructureNotifyMask)
        pixmap = XCreatePixmap(
            display, window, UInt32(width), UInt32(height),
            UInt32(XDefaultDepth(display, screen)))
        guard let draw = XftDrawCreate(display, pixmap, visual, colormap) else {
            throw GreeterError("Xft cannot draw on this display")
        }
        self.draw = draw
        XSetLocaleModifiers("")
        if let method = XOpenIM(display, nil, nil, nil) {
            inputContext = kiwi_greeter_create_ic(method, window)
        } else {
            inputContext = nil
        }
        for (font, name) in Self.fontNames {
            guard let opened = XftFontOpenName(display, screen, name) else {
                throw GreeterError("no font for '\(name)'; is fonts-dejavu-core in the image?")
            }
            fonts[font] = opened
        }
        for (color, name) in Self.colorNames {
            var allocated = XftColor()
            guard XftColorAllocName(display, visual, colormap, name, &allocated) != 0 else {
                throw GreeterError("cannot allocate the colour \(name)")
            }
            colors[color] = allocated
        }
        XMapRaised(display, window)
        grabKeyboard()
    }

    /// The X connection's descriptor, for poll(2).
    public var connection: Int32 { XConnectionNumber(display) }

    /// Takes the keyboard; right after mapping the window the grab can fail for a moment, so it is retried.
    func grabKeyboard() {
        XSync(display, 0)
        for _ in 0..<50 {
            if XGrabKeyboard(display, window, 1, GrabModeAsync, GrabModeAsync, Time(CurrentTime)) == GrabSuccess {
                break
            }
            usleep(20_000)
        }
        XSetInputFocus(display, window, RevertToParent, Time(CurrentTime))
        if let inputContext { XSetICFocus(inputContext) }
    }

    /// The fonts' sizes for ``GreeterLayout``. The window is used from the greeter's one thread only.
    public var metrics: GreeterLayout.Metrics {
        GreeterLayout.Metrics(lineHeight: { [self] in lineHeight($0) }, width: { [self] in textWidth($0, $1) })
    }

    public func lineHeight(_ font: GreeterLayout.Font) -> Int {
        guard let opened = fonts[font] else { return 16 }
        return Int(opened.pointee.ascent + opened.pointee.descent)
    }

    public func textWidth(_ text: String, _ font: GreeterLayout.Font) -> Int {
        guard let opened = fonts[font] else { return 0 }
        var extents = XGlyphInfo()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer {
            XftTextExtentsUtf8(display, opened, $0.baseAddress, Int32($0.count), &extents)
        }
        return Int(extents.xOff)
    }

    public func render(_ layout: GreeterLayout) {
        for item in layout.items {
            switch item {
            case .fill(let rect, let color):
                guard var value = colors[color] else { continue }
                XftDrawRect(
                    draw, &value, Int32(rect.x), Int32(rect.y), UInt32(max(0, rect.width)),
                    UInt32(max(0, rect.height)))
            case .text(let text, let x, let y, let font, let color):
                guard var value = colors[color], let opened = fonts[font] else { continue }
                let bytes = Array(text.utf8)
                bytes.withUnsafeBufferPointer {
                    XftDrawStringUtf8(draw, &value, opened, Int32(x), Int32(y), $0.baseAddress, Int32($0.count))
                }
            }
        }
        let gc = XDefaultGC(display, XDefaultScreen(display))
        XCopyArea(display, pixmap, window, gc, 0, 0, UInt32(width), UInt32(height), 0, 0)
        XFlush(display)
    }

    /// Waits until the X server has done everything sent so far.
    public func sync() {
        XSync(display, 0)
    }

    /// Every event X has queued.
    public func pendingEvents() -> [Event] {
        var events: [Event] = []
        while XPending(display) > 0 {
            var event = XEvent()
            XNextEvent(display, &event)
            if XFilterEvent(&event, 0) != 0 { continue }
            switch event.type {
            case KeyPress:
                if let key = translate(&event.xkey) { events.append(.key(key)) }
            case ButtonPress:
                events.append(.click(x: Int(event.xbutton.x), y: Int(event.xbutton.y)))
            case Expose, MapNotify:
                events.append(.expose)
            default:
                continue
            }
        }
        return events
    }

    /// A key event as text (UTF-8 through the input method when there is one) or an editing or function key.
    private func translate(_ event: inout XKeyEvent) -> GreeterKey? {
        var buffer = [CChar](repeating: 0, count: 64)
        var keysym: KeySym = 0
        var status: Int32 = 0
        let count: Int32
        if let inputContext {
            count = Xutf8LookupString(inputContext, &event, &buffer, Int32(buffer.count - 1), &keysym, &status)
        } else {
            count = XLookupString(&event, &buffer, Int32(buffer.count - 1), &keysym, nil)
        }
        switch UInt32(keysym) {
        case UInt32(XK_Return), UInt32(XK_KP_Enter): return .enter
        case UInt32(XK_BackSpace): return .backspace
        case UInt32(XK_Escape): return .escape
        case UInt32(XK_F1)...UInt32(XK_F12): return .function(Int(UInt32(keysym) - UInt32(XK_F1)) + 1)
        default: break
        }
        guard count > 0 else { return nil }
        let bytes = buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }
        let text =
            inputContext == nil
            ? String(bytes.map { Character(Unicode.Scalar($0)) })
            : String(decoding: bytes, as: UTF8.self)
        return .text(text)
    }
}

public struct GreeterError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
