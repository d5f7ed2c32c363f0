"""ViewModels: QObjects with properties and slots that QML binds to, one module per page.

They read the store's state and send commands through the Dispatcher; they hold no state
of their own beyond what a page is editing (controller.py reacts to events and to the
server going and coming). QML reaches them as typed singletons of the module
`StoryReel.ViewModels` (App, Assets, Create, Storyboard, Shot, Preview).
"""

from storyreel.client.qt.viewmodels.app import AppViewModel
from storyreel.client.qt.viewmodels.assets import AssetsViewModel
from storyreel.client.qt.viewmodels.base import ViewModel
from storyreel.client.qt.viewmodels.create import CreateViewModel
from storyreel.client.qt.viewmodels.preview import PreviewViewModel
from storyreel.client.qt.viewmodels.shot import ShotViewModel
from storyreel.client.qt.viewmodels.storyboard import StoryboardViewModel

__all__ = [
    "AppViewModel",
    "AssetsViewModel",
    "CreateViewModel",
    "PreviewViewModel",
    "ShotViewModel",
    "StoryboardViewModel",
    "ViewModel",
]
