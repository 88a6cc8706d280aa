#pragma once

#include <optional>
#include <string>

namespace disco::runtime {

// The first address getaddrinfo gives for `host` (an IP literal is returned as is), or nullopt.
// No DNS SRV/NAPTR (RFC 3263): tools take an explicit host and port.
std::optional<std::string> resolve_host(const std::string& host);

}  // namespace disco::runtime
