#pragma once
// What both backends check before they record a file (of a ticket, or held before a ticket
// exists): a file in the vault, named and typed within limits, stored or quarantined. For
// core/store's files only.
#include "core/attachment.hpp"
#include "core/result.hpp"
#include "core/text.hpp"

namespace frontline {

inline Status validate_file_for_storage(const Attachment& a) {
    if (a.sha256.size() != 64) return make_error(Errc::invalid_argument, "an attachment without a stored file");
    if (auto ok = validate_text(a.name, 1024, "attachment name"); !ok) return ok;
    if (auto ok = validate_text(a.media_type, 200, "attachment media type"); !ok) return ok;
    if (a.state != "stored" && a.state != "quarantined")
        return make_error(Errc::invalid_argument, "only stored or quarantined files are kept, not '" + a.state + "'");
    return {};
}

}  // namespace frontline
