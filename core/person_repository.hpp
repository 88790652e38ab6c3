#pragma once
// People and their platform identities. A person may have identities on several platforms; the
// locale they chose is remembered here.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline {

struct Person {
    std::int64_t id = 0;
    std::string name;
    std::string locale;    ///< empty until known
    std::string timezone;  ///< IANA name, may be empty
    std::string contact;
    std::vector<Identity> identities;
};

class PersonRepository {
public:
    virtual ~PersonRepository() = default;
    /// Finds the person with this identity, creating them (with name/contact) when new. Non-empty
    /// name and contact update the stored ones.
    virtual Result<Person> upsert_person(const Identity& id, const std::string& name, const std::string& contact) = 0;
    virtual Result<std::optional<Person>> find_person(const Identity& id) = 0;
    virtual Status set_locale(const Identity& id, const std::string& locale) = 0;
    /// Remembers the person's IANA time zone (how times are said to them); not_found for no person.
    virtual Status set_time_zone(const Identity& id, const std::string& zone) = 0;
    /// Links another identity to the person who owns `existing`.
    virtual Status link_identity(const Identity& existing, const Identity& added) = 0;
};

}  // namespace frontline
