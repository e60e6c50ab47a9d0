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
# Then the C library itself (INTERLINK_STATIC_LIBC, on by default): perf of
# add-stakeholder, the write a script or 8 concurrent writers repeat, put 16%
# of each process's CPU in the dynamic loader (_dl_start: mapping libc and
# libm, looking up their symbols, relocating). Linked as a static PIE
# (-static-pie), the binary needs no loader and keeps address randomisation,
# which -no-pie would give up. Measured on 2 cores against the same objects
# with the C library shared (paired runs): `--version` 0.71x, `status`
# on examples/pspm 0.84x; 8 concurrent writers 90-104 against 89-93 events/s. What it costs: a glibc security update reaches
# interlink when it is rebuilt, as for libstdc++ and libcrypto already; and
# nothing that needs glibc's NSS modules at run time may be called (no
# getpwuid(): io/cache_seal.cpp finds the key through HOME alone). The
# linker still warns that SQLite's extension loader calls dlopen(), which
# would need them: interlink never loads an extension (ledger/db_check.cpp
# turns loading off on every connection). The Debian package then depends
# on no library at all.
#
# Sets INTERLINK_FMT_LIB (the target to link), repoints SQLite::SQLite3,
# OpenSSL::Crypto, PkgConfig::UTF8PROC and PkgConfig::LIBYAML at their
# archives, and defines interlink_link_options(TARGET).
option(INTERLINK_STATIC_DEPS
       "Link libcrypto, SQLite, libyaml, utf8proc, fmt and libstdc++ into the binary (faster process start)" ON)
option(INTERLINK_STATIC_LIBC "With INTERLINK_STATIC_DEPS: link the C library too, as a static PIE" ON)

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
    if(INTERLINK_STATIC_LIBC)
      include(CheckCXXSourceCompiles)
      set(CMAKE_REQUIRED_LINK_OPTIONS -static-pie)
      check_cxx_source_compiles("#include <cmath>\n#include <thread>\nint main(int c, char**) { std::thread t([]{}); t.join(); return static_cast<int>(std::sqrt(c)); }"
                                INTERLINK_HAS_STATIC_PIE)
      unset(CMAKE_REQUIRED_LINK_OPTIONS)
      if(NOT INTERLINK_HAS_STATIC_PIE)
        message(STATUS "interlink: the C library cannot be linked as a static PIE here; it stays shared")
      endif()
    endif()
  else()
    message(STATUS "interlink: a static archive is missing; linking the shared libraries")
  endif()
endif()

function(interlink_link_options target)
  target_link_options(${target} PRIVATE -Wl,-O1 -Wl,--as-needed)
  if(INTERLINK_STATIC_RUNTIME AND INTERLINK_STATIC_LIBC AND INTERLINK_HAS_STATIC_PIE)
    # Every library static, libstdc++ and libgcc with them. Not beside
    # -static-libgcc: with it gcc 12 links the C library shared again but
    # without naming the loader, and the binary crashes at its start.
    target_link_options(${target} PRIVATE -static-pie)
  elseif(INTERLINK_STATIC_RUNTIME)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
