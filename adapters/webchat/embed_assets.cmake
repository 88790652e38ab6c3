# Writes ${OUT}: a C++ file with the files of ${ASSET_DIR} as string literals (see assets.hpp).
# Run with cmake -P at build time, so editing a page file rebuilds only this one translation unit.
# The agents' queue (queue.js, queue.css) rides on the agents' page; /dashboard is the manager's page.
set(entries "")
set(count 0)
foreach(pair "index.html|text/html" "chat.css|text/css" "chat.js|text/javascript" "queue.js|text/javascript"
             "queue.css|text/css" "dashboard.html|text/html" "dashboard.css|text/css" "dashboard.js|text/javascript")
  math(EXPR count "${count} + 1")
  string(REPLACE "|" ";" parts "${pair}")
  list(GET parts 0 name)
  list(GET parts 1 type)
  file(READ "${ASSET_DIR}/${name}" body)
  string(APPEND entries "    {\"/static/${name}\", \"${type}; charset=utf-8\", R\"FLASSET(${body})FLASSET\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from adapters/webchat/static by embed_assets.cmake: edit those files, not this one.
#include \"adapters/webchat/assets.hpp\"

#include <array>

namespace frontline::webchat {
namespace {
const std::array<Asset, ${count}> kAssets{{
${entries}}};
}  // namespace

const Asset* find_asset(std::string_view path) {
    if (path == \"/\" || path == \"/agents\" || path == \"/index.html\") path = \"/static/index.html\";
    if (path == \"/dashboard\") path = \"/static/dashboard.html\";
    for (const auto& a : kAssets)
        if (a.path == path) return &a;
    return nullptr;
}
}  // namespace frontline::webchat
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
