# Writes ${OUT}: the booking page's files of ${ASSET_DIR} as string literals (see booking_page.hpp).
set(entries "")
foreach(pair "booking.html|text/html" "booking.css|text/css" "booking.js|text/javascript")
  string(REPLACE "|" ";" parts "${pair}")
  list(GET parts 0 name)
  list(GET parts 1 type)
  file(READ "${ASSET_DIR}/${name}" body)
  string(APPEND entries "    {\"${name}\", \"${type}; charset=utf-8\", R\"FLASSET(${body})FLASSET\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from bot/calls/static by embed_booking_assets.cmake: edit those files, not this one.
#include \"bot/calls/booking_page.hpp\"

#include <array>

namespace frontline::calls {
namespace {
const std::array<BookingAsset, 3> kAssets{{
${entries}}};
}  // namespace

const BookingAsset* find_booking_asset(std::string_view name) {
    for (const auto& a : kAssets)
        if (a.name == name) return &a;
    return nullptr;
}

std::string_view booking_page_html() { return kAssets[0].body; }
}  // namespace frontline::calls
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
