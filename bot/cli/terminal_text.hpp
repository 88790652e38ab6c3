#pragma once
// What the CLI prints for people reads like text, never like terminal commands: control characters
// in ticket fields (typed by anyone who can reach the web chat) are shown escaped.
#include <string>
#include <string_view>

namespace frontline {

/// `s` with C0 controls, DEL and C1 controls escaped (\n, \r, \t, \e, \xHH, \u0085) and bytes that
/// are not UTF-8 shown as \xHH; backslashes are doubled so an escape cannot be faked.
std::string terminal_safe(std::string_view s);

}  // namespace frontline
