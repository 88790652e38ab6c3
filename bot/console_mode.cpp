// Placeholder until the conversation engine lands (issue: L1 conversation engine).
#include "bot/console_mode.hpp"

#include <iostream>

namespace frontline {
int run_console(const Config&, std::istream&, std::ostream&) {
    std::cerr << "frontline: the console is not built yet\n";
    return 1;
}
}  // namespace frontline
