#include "libcommon/sip/msg/ids.hpp"

#include "libcommon/sip/msg/via.hpp"

namespace disco::sip {

namespace {
std::string random_alnum(std::mt19937_64& rng, std::size_t n) {
  static constexpr std::string_view alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out;
  out.reserve(n);
  // Modulo bias is 2**64 mod 62 in 2**64: nothing an attacker could use. mt19937_64's output is
  // fixed by the standard, unlike the distributions', so a seed gives the same ids everywhere.
  for (std::size_t i = 0; i < n; ++i) out += alphabet[rng() % alphabet.size()];
  return out;
}
}  // namespace

std::string make_branch(std::mt19937_64& rng) { return std::string(magic_cookie) + random_alnum(rng, 24); }

std::string make_tag(std::mt19937_64& rng) { return random_alnum(rng, 12); }

std::string make_call_id(std::mt19937_64& rng, std::string_view host) {
  std::string id = random_alnum(rng, 24);
  if (!host.empty()) {
    id += '@';
    id += host;
  }
  return id;
}

}  // namespace disco::sip
