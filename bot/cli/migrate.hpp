#pragma once
// `frontline migrate --from sqlite:PATH --to postgresql:URL [--password-env NAME]`: copies a SQLite
// desk (a running one too) into an empty PostgreSQL database and prints each table's row counts on
// both sides. Exit 0 copied and verified; 2 a wrong argument; 1 refused or failed, with no row
// copied. Needs no configuration file.
#include <iosfwd>
#include <string>

namespace frontline {

struct MigrateRequest {
    std::string from;          ///< sqlite:PATH
    std::string to;            ///< postgresql:KEY=VALUE... or a postgresql:// URI, without a password
    std::string password_env;  ///< the environment variable holding the password; empty: libpq's own ways
};

int run_migrate(const MigrateRequest& r, std::ostream& out, std::ostream& err);

}  // namespace frontline
