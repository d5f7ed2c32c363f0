<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssetsPage</name>
    <message>
        <location filename="../qml/AssetsPage.qml" line="13"/>
        <source>Your projects</source>
        <translation>我的项目</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="24"/>
        <source>Search titles</source>
        <translation>搜索标题</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="28"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="30"/>
        <source>New story</source>
        <translation>新故事</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="38"/>
        <source>Nothing cached on this computer yet.</source>
        <translation>这台电脑上还没有缓存的项目。</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="39"/>
        <source>No projects yet: press “New story” and paste one.</source>
        <translation>还没有项目：点击“新故事”，粘贴一个故事。</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="81"/>
        <source>no image yet</source>
        <translation>还没有画面</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="108"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="112"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="123"/>
        <source>Model nodes (they lease jobs from the server)</source>
        <translation>模型节点（它们从服务器领取任务）</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="124"/>
        <source>Model nodes</source>
        <translation>模型节点</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="128"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="136"/>
        <source>No model node has called in yet.</source>
        <translation>还没有模型节点连上来。</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="146"/>
        <source>%1 — %2 — %3 done, %4 failed — %5</source>
        <translation>%1 — %2 — 完成 %3，失败 %4 — %5</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="148"/>
        <source>live</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="149"/>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <location filename="../qml/AssetsPage.qml" line="149"/>
        <source>away</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <location filename="../qml/CreatePage.qml" line="103"/>
        <source>the language&apos;s default voice</source>
        <translation>该语言的默认声音</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="89"/>
        <source>detect from the story</source>
        <translation>根据故事自动识别</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="90"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="91"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="25"/>
        <source>Open a story (UTF-8 text)</source>
        <translation>打开故事（UTF-8 文本）</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="26"/>
        <source>Text files (*.txt *.md)</source>
        <translation>文本文件 (*.txt *.md)</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="26"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="37"/>
        <source>New story</source>
        <translation>新故事</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="45"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="50"/>
        <source>Story</source>
        <translation>故事</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="52"/>
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 字</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="55"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="66"/>
        <source>Paste your story here (English or Chinese).</source>
        <translation>在这里粘贴你的故事（中文或英文）。</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="79"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="80"/>
        <source>Aspect ratio</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="81"/>
        <source>Voice</source>
        <translation>配音</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="82"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="113"/>
        <source>Hear this voice</source>
        <translation>试听这个声音</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="125"/>
        <source>e.g. watercolour, soft light</source>
        <translation>例如：水彩，柔光</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="157"/>
        <source>Create storyboard</source>
        <translation>生成分镜</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="142"/>
        <source>Cast (optional: read from the story when left empty)</source>
        <translation>角色（可选：留空则从故事中读取）</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="151"/>
        <source>One a line: Mei: a girl of twelve, long black hair, red coat</source>
        <translation>每行一个：小梅：十二岁的女孩，黑色长发，红外套</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="130"/>
        <source>Or a topic:</source>
        <translation>或者一个主题：</translation>
    </message>
    <message>
        <location filename="../qml/CreatePage.qml" line="138"/>
        <source>e.g. a lighthouse keeper&apos;s last night — an LLM writes the story</source>
        <translation>例如：守塔人的最后一夜——由大模型写成故事</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="59"/>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="62"/>
        <source>move between shots (storyboard)</source>
        <translation>在镜头之间移动（分镜页）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="63"/>
        <source>open the shot</source>
        <translation>打开镜头</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="64"/>
        <source>draw the shot&apos;s image again</source>
        <translation>重新生成镜头画面</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="67"/>
        <source>play or pause (preview)</source>
        <translation>播放或暂停（预览页）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="69"/>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="70"/>
        <source>this list</source>
        <translation>显示本列表</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="137"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="144"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="11"/>
        <source>StoryReel</source>
        <translation>StoryReel</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="65"/>
        <source>pick several shots (Shift+click: a run of them)</source>
        <translation>选择多个镜头（Shift+单击：连续选择）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="66"/>
        <source>forget the picked shots</source>
        <translation>取消选择</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="68"/>
        <source>undo an edit, a move, a trim, a delete or a restore</source>
        <translation>撤销编辑、移动、裁剪、删除或恢复</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="105"/>
        <source>Assets</source>
        <translation>素材</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="106"/>
        <source>Create</source>
        <translation>创作</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="107"/>
        <source>Storyboard</source>
        <translation>分镜</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="108"/>
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="109"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/Main.qml" line="151"/>
        <source>%n edit(s) waiting for the server</source>
        <translation>
            <numerusform>%n 处修改等待发送到服务器</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="160"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="182"/>
        <source>Offline: the server cannot be reached. Cached projects open read-only; nothing you kept is lost.</source>
        <translation>离线：无法连接服务器。已缓存的项目以只读方式打开，已保存的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="186"/>
        <location filename="../qml/Main.qml" line="249"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="254"/>
        <source>Log in again</source>
        <translation>重新登录</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../qml/PreviewPage.qml" line="117"/>
        <source>Preview — %1</source>
        <translation>预览 —— %1</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="128"/>
        <source>Animatic</source>
        <translation>动态分镜</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="133"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="141"/>
        <source>Export MP4</source>
        <translation>导出 MP4</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="148"/>
        <source>Export here</source>
        <translation>在本机导出</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="156"/>
        <source>Transition</source>
        <translation>转场</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="163"/>
        <source>crossfade</source>
        <translation>叠化</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="164"/>
        <source>cut</source>
        <translation>硬切</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="165"/>
        <source>dip to black</source>
        <translation>黑场过渡</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="166"/>
        <source>slide</source>
        <translation>滑入</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="167"/>
        <source>zoom</source>
        <translation>推镜</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="172"/>
        <source>Subtitles</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="179"/>
        <source>outline</source>
        <translation>描边</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="180"/>
        <source>shadow</source>
        <translation>阴影</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="181"/>
        <source>box</source>
        <translation>底框</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="188"/>
        <source>Highlight each word</source>
        <translation>逐词高亮</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="192"/>
        <source>For editors</source>
        <translation>给剪辑师</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="201"/>
        <source>Make</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="205"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="209"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="234"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="262"/>
        <source>No video yet: generate every shot, then “Export MP4”.</source>
        <translation>还没有视频：先生成所有镜头，再点击“导出 MP4”。</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="308"/>
        <source>The animatic appears once the storyboard has shots.</source>
        <translation>分镜有了镜头后，这里会显示动态分镜。</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="316"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="316"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="337"/>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="341"/>
        <source>Save frame</source>
        <translation>保存画面</translation>
    </message>
    <message>
        <location filename="../qml/PreviewPage.qml" line="458"/>
        <source>Drag a shot&apos;s right edge to make it last longer; Ctrl+Z takes it back.</source>
        <translation>拖动镜头的右边缘可延长它的时长；Ctrl+Z 可撤销。</translation>
    </message>
</context>
<context>
    <name>ShotPage</name>
    <message>
        <location filename="../qml/ShotPage.qml" line="140"/>
        <source>no sound output on this computer</source>
        <translation>这台电脑没有声音输出设备</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="11"/>
        <source>before a prompt edit</source>
        <translation>改画面描述之前</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="12"/>
        <source>before a narration edit</source>
        <translation>改旁白之前</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="13"/>
        <source>before a restore</source>
        <translation>恢复之前</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="14"/>
        <source>before a new image</source>
        <translation>重新生成画面之前</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="15"/>
        <source>before a new narration</source>
        <translation>重新生成旁白之前</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="16"/>
        <source>before a new clip</source>
        <translation>重新生成动态片段之前</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="155"/>
        <source>None yet: each edit or regeneration keeps the shot as it was here.</source>
        <translation>还没有：每次编辑或重新生成前，镜头原来的样子都会保存在这里。</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="40"/>
        <source>Shot %1</source>
        <translation>镜头 %1</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="47"/>
        <source>working: %1</source>
        <translation>处理中：%1</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="51"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="66"/>
        <source>no image yet: press “Image”</source>
        <translation>还没有画面：点击“画面”</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="73"/>
        <source>Failed: %1 — press the button again to retry.</source>
        <translation>失败：%1 —— 再按一次按钮重试。</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="78"/>
        <source>Regenerate:</source>
        <translation>重新生成：</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="81"/>
        <source>Image</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="86"/>
        <source>Motion</source>
        <translation>动态</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="92"/>
        <location filename="../qml/ShotPage.qml" line="236"/>
        <source>Narration</source>
        <translation>旁白</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="98"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="98"/>
        <source>Play narration</source>
        <translation>播放旁白</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="108"/>
        <source>Comes in by</source>
        <translation>入场方式</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="116"/>
        <source>the project&apos;s transition</source>
        <translation>跟随项目的转场</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="117"/>
        <source>crossfade</source>
        <translation>叠化</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="118"/>
        <source>cut</source>
        <translation>硬切</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="119"/>
        <source>dip to black</source>
        <translation>黑场过渡</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="120"/>
        <source>slide</source>
        <translation>滑入</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="121"/>
        <source>zoom</source>
        <translation>推镜</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="145"/>
        <source>Earlier versions</source>
        <translation>历史版本</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="195"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="208"/>
        <source>Visual prompt</source>
        <translation>画面提示词</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="225"/>
        <source>%1 / 1000</source>
        <translation>%1 / 1000</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="231"/>
        <source>Save prompt</source>
        <translation>保存提示词</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="254"/>
        <source>Delete shot</source>
        <translation>删除镜头</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="260"/>
        <source>Save narration</source>
        <translation>保存旁白</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="130"/>
        <source>Made by %1</source>
        <translation>制作：%1</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="131"/>
        <source>image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="132"/>
        <source>narration</source>
        <translation>旁白</translation>
    </message>
    <message>
        <location filename="../qml/ShotPage.qml" line="132"/>
        <source>motion</source>
        <translation>动态</translation>
    </message>
</context>
<context>
    <name>SignInPane</name>
    <message>
        <location filename="../qml/SignInPane.qml" line="15"/>
        <source>Sign in to StoryReel</source>
        <translation>登录 StoryReel</translation>
    </message>
    <message>
        <location filename="../qml/SignInPane.qml" line="20"/>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <location filename="../qml/SignInPane.qml" line="30"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../qml/SignInPane.qml" line="39"/>
        <source>Password (8 characters or more)</source>
        <translation>密码（至少 8 个字符）</translation>
    </message>
    <message>
        <location filename="../qml/SignInPane.qml" line="53"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../qml/SignInPane.qml" line="59"/>
        <source>Create account</source>
        <translation>注册账号</translation>
    </message>
</context>
<context>
    <name>StatusBadge</name>
    <message>
        <location filename="../qml/StatusBadge.qml" line="16"/>
        <source>not generated</source>
        <translation>未生成</translation>
    </message>
    <message>
        <location filename="../qml/StatusBadge.qml" line="17"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../qml/StatusBadge.qml" line="18"/>
        <source>running</source>
        <translation>生成中</translation>
    </message>
    <message>
        <location filename="../qml/StatusBadge.qml" line="19"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../qml/StatusBadge.qml" line="20"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>StoryboardPage</name>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="10"/>
        <source>wide</source>
        <translation>远景</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="11"/>
        <source>medium</source>
        <translation>中景</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="12"/>
        <source>close-up</source>
        <translation>特写</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="31"/>
        <source>%1 of %2 done</source>
        <translation>已完成 %1 / %2</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="36"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="41"/>
        <source>Generate all</source>
        <translation>全部生成</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="48"/>
        <source>Retry failed (%1)</source>
        <translation>重试失败项（%1）</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="54"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="124"/>
        <source>The shots appear here when the storyboard is written.</source>
        <translation>分镜写好后，镜头会出现在这里。</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="125"/>
        <source>No shots.</source>
        <translation>没有镜头。</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="130"/>
        <source>Drag a card onto another to move it there. Click a card to edit the shot; Ctrl+click or Shift+click picks several.</source>
        <translation>把卡片拖到另一张卡片上即可移动。单击卡片编辑镜头；Ctrl+单击或 Shift+单击可选择多个。</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StoryboardPage.qml" line="138"/>
        <source>%n shot(s) picked</source>
        <translation>
            <numerusform>已选 %n 个镜头</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="143"/>
        <source>Draw the images again</source>
        <translation>重新生成图像</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="148"/>
        <source>Speak the narration again</source>
        <translation>重新生成旁白</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="153"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="232"/>
        <source>no image yet</source>
        <translation>还没有画面</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="238"/>
        <source>Shot %1</source>
        <translation>镜头 %1</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="63"/>
        <source>Cast:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="104"/>
        <source>Cast member</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../qml/StoryboardPage.qml" line="117"/>
        <source>age, build, hair, clothes and their colours</source>
        <translation>年龄、体型、头发、衣服及其颜色</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../qml/Words.qml" line="8"/>
        <source>storyboard</source>
        <translation>分镜</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="9"/>
        <source>keyframes</source>
        <translation>关键帧</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="10"/>
        <source>narration</source>
        <translation>旁白</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="11"/>
        <source>export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="18"/>
        <source>%1 %2 s</source>
        <translation>%1 %2 秒</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="18"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="26"/>
        <source>Expected: about %1 s to make %2 shots, %3 s of video (%4)</source>
        <translation>预计：约 %1 秒，做出 %2 个镜头、%3 秒视频（%4）</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="29"/>
        <source>Expected: </source>
        <translation>预计：</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="37"/>
        <source>Made in %1 s of server work (%2)</source>
        <translation>服务器用时 %1 秒（%2）</translation>
    </message>
    <message>
        <location filename="../qml/Words.qml" line="39"/>
        <source>; expected about %1 s (%2%3 %)</source>
        <translation>；预计约 %1 秒（%2%3 %）</translation>
    </message>
</context>
</TS>
