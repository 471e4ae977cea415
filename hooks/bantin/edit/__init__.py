"""`make edit`: a web editor for ward clerks ("Quản trị nội dung"), on 127.0.0.1 only.

It edits the working copy's files and commits each save with git, authored by the editor; a person who may
not approve saves a draft instead, committed once a người duyệt approves it (bantin.edit.approval). Every change is
validated by the build's own readers (bantin.build.checks) before anything is written. Flask is imported here
only: the build never imports this package.
"""
