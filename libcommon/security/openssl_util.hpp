#pragma once
// Internal to security/: small helpers around OpenSSL's C API shared by the .cpp files.

#include <openssl/bio.h>
#include <openssl/err.h>

#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/security/errc.hpp"

namespace disco::security::detail {

template <auto Fn>
struct Free {
  template <class T>
  void operator()(T* p) const noexcept {
    Fn(p);
  }
};
template <class T, auto Fn>
using Owned = std::unique_ptr<T, Free<Fn>>;

using BioPtr = Owned<BIO, BIO_free_all>;

// A read-only memory BIO over `data` (which must outlive it); nullptr if too large for OpenSSL's int.
inline BioPtr read_bio(std::string_view data) {
  if (data.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return nullptr;
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}
inline BioPtr write_bio() { return BioPtr(BIO_new(BIO_s_mem())); }

inline std::string drain(BIO* bio) {
  std::string out(BIO_ctrl_pending(bio), '\0');
  if (!out.empty()) {
    const int n = BIO_read(bio, out.data(), static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return out;
}

// OpenSSL keeps a per-thread error queue; a failure we turn into an error_code must not leave
// entries behind for the next unrelated call (the TLS layer reads that queue) to trip over.
inline std::error_code fail(errc e) {
  ERR_clear_error();
  return make_error_code(e);
}

// i2d_* with a caller-owned buffer: call once for the length, once to write.
template <class T, class Fn>
base::Bytes to_der(const T* obj, Fn i2d) {
  const int len = i2d(obj, nullptr);
  if (len <= 0) {
    ERR_clear_error();
    return {};
  }
  base::Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  if (i2d(obj, &p) != len) {
    ERR_clear_error();
    return {};
  }
  return out;
}

}  // namespace disco::security::detail
