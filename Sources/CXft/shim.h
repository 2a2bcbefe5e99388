// Xlib, its UTF-8 input, and Xft (client-side anti-aliased text through fontconfig and FreeType) for the greeter.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>
#include <X11/Xft/Xft.h>

// XCreateIC takes a variable argument list, which Swift cannot call: the greeter's input context, made here.
static inline XIC kiwi_greeter_create_ic(XIM im, Window window) {
    return XCreateIC(im, XNInputStyle, XIMPreeditNothing | XIMStatusNothing, XNClientWindow, window,
                     XNFocusWindow, window, (void *)0);
}
