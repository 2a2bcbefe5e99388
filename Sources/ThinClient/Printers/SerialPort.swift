import Glibc
import LTSPConfig

/// Puts a serial printer's line into raw mode with its ``SerialSettings`` (termios).
public enum SerialPort {
    /// CRTSCTS from <termios.h> (0x80000000), which does not fit the Int32 the Glibc module would import it as.
    static let hardwareFlowControl = tcflag_t(0x8000_0000)

    static func speedConstant(_ speed: Int) -> speed_t {
        switch speed {
        case 1200: return speed_t(B1200)
        case 2400: return speed_t(B2400)
        case 4800: return speed_t(B4800)
        case 19200: return speed_t(B19200)
        case 38400: return speed_t(B38400)
        case 57600: return speed_t(B57600)
        case 115200: return speed_t(B115200)
        case 230400: return speed_t(B230400)
        default: return speed_t(B9600)
        }
    }

    /// Configures `descriptor` (a terminal); the errno of tcgetattr/tcsetattr on failure.
    static func configure(_ descriptor: Int32, _ settings: SerialSettings) -> Int32? {
        var attributes = termios()
        guard tcgetattr(descriptor, &attributes) == 0 else { return errno }
        attributes = Self.attributes(settings, from: attributes)
        return tcsetattr(descriptor, TCSANOW, &attributes) == 0 ? nil : errno
    }

    /// `base` in raw mode with `settings`: speed, data bits, parity, one stop bit, the flow control.
    public static func attributes(_ settings: SerialSettings, from base: termios) -> termios {
        var attributes = base
        cfmakeraw(&attributes)
        let speed = speedConstant(settings.speed)
        cfsetispeed(&attributes, speed)
        cfsetospeed(&attributes, speed)
        attributes.c_cflag &= ~tcflag_t(CSIZE | PARENB | PARODD | CSTOPB)
        attributes.c_cflag &= ~hardwareFlowControl
        attributes.c_cflag |= tcflag_t(CLOCAL | CREAD)
        switch settings.dataBits {
        case 5: attributes.c_cflag |= tcflag_t(CS5)
        case 6: attributes.c_cflag |= tcflag_t(CS6)
        case 7: attributes.c_cflag |= tcflag_t(CS7)
        default: attributes.c_cflag |= tcflag_t(CS8)
        }
        switch settings.parity {
        case .none: break
        case .even: attributes.c_cflag |= tcflag_t(PARENB)
        case .odd: attributes.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        switch settings.flowControl {
        case .software: attributes.c_iflag |= tcflag_t(IXON | IXOFF)
        case .hardware: attributes.c_cflag |= hardwareFlowControl
        }
        return attributes
    }
}
