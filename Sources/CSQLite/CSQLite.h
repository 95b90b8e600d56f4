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

// sqlite3_db_config is variadic, which Swift cannot call. While a store is being judged,
// closing must not checkpoint a WAL into (and then delete it beside) a file that may be
// moved aside: the WAL may hold the learner's last answers.
static inline int csqlite_checkpoint_on_close(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, on ? 0 : 1, (int *)0);
}

#endif
