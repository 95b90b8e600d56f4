// SQLite's C API for Swift (Debian: libsqlite3-dev). Only Sources/Progress/SQLiteDatabase.swift
// imports it.
#ifndef CSQLITE_H
#define CSQLITE_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot see:
// it tells sqlite3_bind_text to copy the bytes before the call returns.
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
