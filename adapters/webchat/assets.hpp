#pragma once
// The web chat page (static/index.html, chat.css, chat.js), embedded into the binary at build time
// so the service needs no files at run time and works offline.
#include <string_view>

namespace frontline::webchat {

struct Asset {
    std::string_view path;          ///< "/static/chat.js"
    std::string_view content_type;
    std::string_view body;
};

/// The asset served at `path`, or nullptr. "/" and "/agents" are the page itself.
const Asset* find_asset(std::string_view path);

}  // namespace frontline::webchat
