#include "core/ticket.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace frontline {
namespace {

template <class E, std::size_t N>
Result<E> parse_from(const std::array<std::pair<std::string_view, E>, N>& table, std::string_view s,
                     const char* what) {
    std::string lower(s);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [name, value] : table) {
        std::string n(name);
        for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (n == lower) return value;
    }
    return make_error(Errc::invalid_argument, std::string("unknown ") + what + " '" + std::string(s) + "'");
}

constexpr std::array<std::pair<std::string_view, TicketStatus>, 8> kStatuses{{
    {"new", TicketStatus::new_},
    {"in_diagnosis", TicketStatus::in_diagnosis},
    {"escalated", TicketStatus::escalated},
    {"in_progress", TicketStatus::in_progress},
    {"pending_user", TicketStatus::pending_user},
    {"resolved", TicketStatus::resolved},
    {"closed", TicketStatus::closed},
    {"cancelled", TicketStatus::cancelled},
}};
constexpr std::array<std::pair<std::string_view, Level>, 3> kLevels{{
    {"high", Level::high}, {"medium", Level::medium}, {"low", Level::low}}};
constexpr std::array<std::pair<std::string_view, Priority>, 4> kPriorities{{
    {"P1", Priority::p1}, {"P2", Priority::p2}, {"P3", Priority::p3}, {"P4", Priority::p4}}};
constexpr std::array<std::pair<std::string_view, Tier>, 3> kTiers{{
    {"L1", Tier::l1}, {"L2", Tier::l2}, {"L3", Tier::l3}}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<std::string_view, E>, N>& table, E value) {
    for (const auto& [name, v] : table)
        if (v == value) return name;
    return "?";
}

}  // namespace

std::string_view to_string(TicketStatus s) { return name_of(kStatuses, s); }
std::string_view to_string(Level l) { return name_of(kLevels, l); }
std::string_view to_string(Priority p) { return name_of(kPriorities, p); }
std::string_view to_string(Tier t) { return name_of(kTiers, t); }
Result<TicketStatus> parse_status(std::string_view s) { return parse_from(kStatuses, s, "status"); }
Result<Level> parse_level(std::string_view s) { return parse_from(kLevels, s, "level"); }
Result<Priority> parse_priority(std::string_view s) { return parse_from(kPriorities, s, "priority"); }
Result<Tier> parse_tier(std::string_view s) { return parse_from(kTiers, s, "tier"); }

bool is_open(TicketStatus s) {
    return s != TicketStatus::resolved && s != TicketStatus::closed && s != TicketStatus::cancelled;
}

}  // namespace frontline
