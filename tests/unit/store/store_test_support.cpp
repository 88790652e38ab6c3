#include "store_test_support.hpp"

#include <cstdlib>
#include <stdexcept>

namespace frontline::testing {

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "frontline-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

Ticket sample_ticket(TicketId id, TimePoint at, std::string title, std::string category) {
    Ticket t;
    t.id = id;
    t.type = id.type();
    t.status = TicketStatus::new_;
    t.category = std::move(category);
    t.requester = {"Ada Lovelace", {"slack", "U100"}, "ada@example.com"};
    t.address = {"slack", "D100", ""};
    t.title = std::move(title);
    t.description = t.title;
    t.reported_at = at;
    t.logged_at = at;
    return t;
}

}  // namespace frontline::testing
