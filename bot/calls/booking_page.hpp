#pragma once
// The booking page (static/booking.html, booking.css, booking.js), embedded at build time: no CDN,
// no files at run time. And the short pages that say why a link leads nowhere, in English and Italian
// (the link's language is unknown when it cannot be read).
#include <string>
#include <string_view>

namespace frontline::calls {

struct BookingAsset {
    std::string_view name;  ///< "booking.js"
    std::string_view content_type;
    std::string_view body;
};

/// The asset named `name` (served under /call-assets/), or nullptr.
const BookingAsset* find_booking_asset(std::string_view name);
/// The page's HTML (the same for every link: the script reads the token from the address).
std::string_view booking_page_html();

enum class PageProblem { invalid, expired, used, closed, unavailable };
/// A small self-contained page explaining `p`.
std::string problem_page(PageProblem p);

}  // namespace frontline::calls
