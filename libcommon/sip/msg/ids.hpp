#pragma once
// Identifiers a UA or proxy invents: Via branch (s8.1.1.7), From/To tags (s19.3) and Call-IDs
// (s8.1.1.4), drawn from an injected generator so that simulations and tests are reproducible.

#include <random>
#include <string>
#include <string_view>

namespace disco::sip {

// "z9hG4bK" followed by 24 alphanumerics (~143 random bits): unique across space and time.
std::string make_branch(std::mt19937_64& rng);
// 12 alphanumerics (~71 bits; s19.3 asks for at least 32).
std::string make_tag(std::mt19937_64& rng);
// 24 alphanumerics, then "@host" when a host is given.
std::string make_call_id(std::mt19937_64& rng, std::string_view host = {});

}  // namespace disco::sip
