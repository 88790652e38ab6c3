#pragma once
// The web chat page (static/index.html, chat.css, chat.js, the agents' queue.js/queue.css) and the
// dashboard (dashboard.html/.css/.js), embedded into the binary at build time
// so the service needs no files at run time and works offline.
#include <string_view>

namespace frontline::webchat {

struct Asset {
    std::string_view path;          ///< "/static/chat.js"
    std::string_view content_type;
    std::string_view body;
};

/// The asset served at `path`, or nullptr. "/" and "/agents" are the chat page itself (the agents'
/// view adds its queue from queue.js); "/dashboard" is the desk manager's page (dashboard.*).
const Asset* find_asset(std::string_view path);

}  // namespace frontline::webchat
