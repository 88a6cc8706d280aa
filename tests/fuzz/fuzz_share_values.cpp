// libFuzzer target: the values a ShaRe / DisCo storing or fetching peer decodes from the overlay
// (libcommon/usages/share, libcommon/usages/disco). The first byte picks the decoder; properties:
//  * what decode_acl_item / decode_registration accept re-encodes to the same bytes (they refuse
//    trailing bytes, so a value has one encoding; a name extension of an unknown type is skipped);
//  * a decoded name extension never claims more bytes than it was given;
//  * name_matches on an arbitrary pattern, name and user returns (bounded input, no hang, no UB).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "libcommon/usages/disco/registration.hpp"
#include "libcommon/usages/share/acl_item.hpp"
#include "libcommon/usages/share/name_pattern.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "%s\n", what);
  std::abort();
}

void acl_item(disco::base::BytesView in, bool with_ext) {
  auto item = disco::share::decode_acl_item(in, with_ext);
  // A name extension of an unknown type is skipped by its length (s5.2), so only the known type
  // has one encoding.
  if (!item || (item->res_name_ext && item->res_name_ext->type != disco::share::resource_name_type_pattern)) return;
  auto again = disco::share::encode(*item, with_ext);
  if (!again || disco::base::Bytes(in.begin(), in.end()) != *again) fail("ACL item does not re-encode");
}

void registration(disco::base::BytesView in) {
  auto r = disco::discoreg::decode_registration(in);
  if (!r) return;
  auto again = disco::discoreg::encode(*r);
  if (!again || disco::base::Bytes(in.begin(), in.end()) != *again) fail("registration does not re-encode");
}

void pattern(disco::base::BytesView in) {
  // pattern \0 name \0 user, each cut to the sizes a real configuration and value could carry.
  std::string s(in.begin(), in.end());
  auto a = s.find('\0');
  auto b = a == std::string::npos ? std::string::npos : s.find('\0', a + 1);
  if (b == std::string::npos) return;
  std::string pat = s.substr(0, std::min<std::size_t>(a, 256));
  std::string name = s.substr(a + 1, b - a - 1);
  std::string user = s.substr(b + 1);
  if (disco::share::pattern_problem(pat)) return;
  (void)disco::share::name_matches(pat, name, user);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  disco::base::BytesView in(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0: acl_item(in, false); break;
    case 1: acl_item(in, true); break;
    case 2: registration(in); break;
    case 3: {
      auto e = disco::share::decode_name_extension(in);
      if (e && e->consumed > in.size()) fail("name extension consumed more than it was given");
      break;
    }
    default: pattern(in); break;
  }
  return 0;
}
