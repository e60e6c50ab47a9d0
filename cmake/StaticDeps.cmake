# Startup cost (issue 10). callgrind on `interlink --version` showed 77% of its
# instructions in the dynamic loader (_dl_relocate_object, _dl_lookup_symbol_x)
# relocating the shared libraries it needs, for a process that then prints
# one line: libcrypto alone has 21,113 relocations, libstdc++ 5,195, SQLite
# 2,963, yaml-cpp 487 (`readelf -r`; libyaml, its successor here, is C and
# small). Debian ships static archives of libcrypto, SQLite and libyaml,
# so the binary links those statically and
# every process start, including a script calling interlink in a loop, saves
# their relocation; -Wl,-O1,--as-needed drops any library not used.
#
# That left libstdc++, libfmt and libutf8proc: `--version` still ran 2.68 M
# instructions against 2.19 M for `sqlite3 :memory: 'select 1'` (1.38x; the
# goal is 1.3x), most of the difference in the loader relocating libstdc++.
# So libstdc++ and libgcc are linked statically too, utf8proc from its
# archive, and fmt's compiled part is built from Debian's headers into
# interlink_lib (lib/util/fmt_impl.cpp says how): Debian ships no libfmt.a,
# and the shared libfmt would load libstdc++.so all the same. Once no shared C++
# library is left, a static libstdc++ is safe (one copy, one set of exception
# and RTTI tables); only libc and libm stay shared. The price is that a
# libstdc++ security update reaches interlink when it is rebuilt, as for
# libcrypto already.
# Sanitizer builds keep the shared libraries.
#
# Linked statically, libcrypto costs only what is called: SHA-256's low-level
# functions (util/hash.cpp) are small. RAND_bytes was not: it brought in
# OpenSSL 3's DRBG and provider machinery, 3.2 MB of code and 332 KB of
# pointer tables (80% of the binary's 22,962 relocations, each page of them
# copied by the kernel at every start); random bytes come from getrandom(2)
# now (util/random.hpp), and `--version` went to 0.75x.
#
# Sets INTERLINK_FMT_LIB (the target to link), repoints SQLite::SQLite3,
# OpenSSL::Crypto, PkgConfig::UTF8PROC and PkgConfig::LIBYAML at their
# archives, and defines interlink_link_options(TARGET).
option(INTERLINK_STATIC_DEPS
       "Link libcrypto, SQLite, libyaml, utf8proc, fmt and libstdc++ into the binary (faster process start)" ON)

set(INTERLINK_FMT_LIB fmt::fmt)
set(INTERLINK_STATIC_RUNTIME OFF)
if(INTERLINK_STATIC_DEPS AND NOT INTERLINK_SANITIZE)
  find_package(Threads REQUIRED)
  find_library(INTERLINK_LIBYAML_ARCHIVE NAMES libyaml.a)
  find_library(INTERLINK_SQLITE_ARCHIVE NAMES libsqlite3.a)
  find_library(INTERLINK_CRYPTO_ARCHIVE NAMES libcrypto.a)
  find_library(INTERLINK_UTF8PROC_ARCHIVE NAMES libutf8proc.a)
  if(INTERLINK_LIBYAML_ARCHIVE AND INTERLINK_SQLITE_ARCHIVE AND INTERLINK_CRYPTO_ARCHIVE
     AND INTERLINK_UTF8PROC_ARCHIVE)
    set_target_properties(PkgConfig::LIBYAML PROPERTIES INTERFACE_LINK_LIBRARIES "${INTERLINK_LIBYAML_ARCHIVE}")
    set_target_properties(SQLite::SQLite3 PROPERTIES IMPORTED_LOCATION "${INTERLINK_SQLITE_ARCHIVE}")
    set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads ${CMAKE_DL_LIBS} m)
    set_target_properties(OpenSSL::Crypto PROPERTIES IMPORTED_LOCATION "${INTERLINK_CRYPTO_ARCHIVE}")
    set_property(TARGET OpenSSL::Crypto APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads ${CMAKE_DL_LIBS})
    # pkg-config's imported targets name the library by -l; point them at the archives.
    set_target_properties(PkgConfig::UTF8PROC PROPERTIES INTERFACE_LINK_LIBRARIES "${INTERLINK_UTF8PROC_ARCHIVE}")
    add_library(interlink_fmt_compiled INTERFACE)
    get_target_property(_fmt_inc fmt::fmt INTERFACE_INCLUDE_DIRECTORIES)
    if(_fmt_inc)
      target_include_directories(interlink_fmt_compiled SYSTEM INTERFACE ${_fmt_inc})
    endif()
    target_compile_definitions(interlink_fmt_compiled INTERFACE INTERLINK_FMT_COMPILED)
    set(INTERLINK_FMT_LIB interlink_fmt_compiled)
    set(INTERLINK_STATIC_RUNTIME ON)
  else()
    message(STATUS "interlink: a static archive is missing; linking the shared libraries")
  endif()
endif()

function(interlink_link_options target)
  target_link_options(${target} PRIVATE -Wl,-O1 -Wl,--as-needed)
  if(INTERLINK_STATIC_RUNTIME)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
