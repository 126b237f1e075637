"""Imported only by the multiprocessing forkserver (its preload list, set in schemes.py): the forkserver is then
killed the moment the main process that started it ends, rather than outliving it until its last worker has
stopped and then finalizing an interpreter. Never import it elsewhere: the importing process would die with its
parent. (A fork of the forkserver, i.e. a worker, does not inherit the setting.)"""
from .lifeline import set_parent_death_signal

set_parent_death_signal()
