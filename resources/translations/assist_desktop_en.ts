<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Dashboard</name>
    <message>
        <source>档案总数 &lt;b&gt;%1&lt;/b&gt;&#x3000;&#x3000;在档帮扶对象 &lt;b&gt;%2&lt;/b&gt;&#x3000;&#x3000;累计帮扶金额 &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>Files &lt;b&gt;%1&lt;/b&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;Registered households &lt;b&gt;%2&lt;/b&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;Assistance given &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>未定类别 %1</source>
        <translation>No category %1</translation>
    </message>
    <message>
        <source>在档帮扶对象：按困难类别</source>
        <translation>Registered households by category</translation>
    </message>
    <message>
        <source>在档帮扶对象：按困难类别（暂无）</source>
        <translation>Registered households by category (none yet)</translation>
    </message>
    <message>
        <source>档案数</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>全部档案：按状态</source>
        <translation>All files by status</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>健康</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>月收入</source>
        <translation>Monthly income</translation>
    </message>
    <message>
        <source>学校/年级</source>
        <translation>School / year</translation>
    </message>
    <message>
        <source>参保</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>帮扶类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>资金来源</source>
        <translation>Fund source</translation>
    </message>
    <message>
        <source>帮扶人</source>
        <translation>Helper</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>走访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <source>生活状况</source>
        <translation>Living situation</translation>
    </message>
    <message>
        <source>需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>思想状况</source>
        <translation>State of mind</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>状态变化</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>类别变化</source>
        <translation>Category change</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>帮扶记录</source>
        <translation>Assistance</translation>
    </message>
    <message>
        <source>入户走访</source>
        <translation>Home visits</translation>
    </message>
    <message>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>五清</source>
        <translation>Five clears</translation>
    </message>
    <message>
        <source>家庭成员</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>帮扶记录/走访</source>
        <translation>Assistance / visits</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>在左侧列表中选择一份档案，这里显示它的详细情况。</source>
        <translation>Select a file in the list to see it here.</translation>
    </message>
    <message>
        <source>（未定类别）</source>
        <translation>(no category)</translation>
    </message>
    <message>
        <source>自 %1</source>
        <translation>since %1</translation>
    </message>
    <message>
        <source>%1级</source>
        <translation>grade %1</translation>
    </message>
    <message>
        <source>身份与联系</source>
        <translation>Identity and contact</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>性别 / 出生日期</source>
        <translation>Sex / birth date</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>家庭住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>婚姻 / 户口</source>
        <translation>Marital status / hukou</translation>
    </message>
    <message>
        <source>特殊群体</source>
        <translation>Special groups</translation>
    </message>
    <message>
        <source>工作与健康</source>
        <translation>Work and health</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>所属行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>工作状态</source>
        <translation>Work status</translation>
    </message>
    <message>
        <source>健康状况</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>残疾情况</source>
        <translation>Disability</translation>
    </message>
    <message>
        <source>家庭人口</source>
        <translation>Household size</translation>
    </message>
    <message>
        <source>家庭年总收入</source>
        <translation>Household annual income</translation>
    </message>
    <message>
        <source>年度刚性支出</source>
        <translation>Annual unavoidable spending</translation>
    </message>
    <message>
        <source>本人月收入</source>
        <translation>Own monthly income</translation>
    </message>
    <message>
        <source>低保金额（月）</source>
        <translation>Dibao received (monthly)</translation>
    </message>
    <message>
        <source>住房</source>
        <translation>Housing</translation>
    </message>
    <message>
        <source>家庭经济</source>
        <translation>Household economics</translation>
    </message>
    <message>
        <source>困难类别及依据</source>
        <translation>Category and the numbers behind it</translation>
    </message>
    <message>
        <source>（尚未指定）</source>
        <translation>(not assigned)</translation>
    </message>
    <message>
        <source>帮扶责任</source>
        <translation>Responsibility</translation>
    </message>
    <message>
        <source>帮扶联系责任人</source>
        <translation>Responsible person</translation>
    </message>
    <message>
        <source>所属工会</source>
        <translation>Union</translation>
    </message>
    <message>
        <source>第一知情人 / 报告人 / 帮助人</source>
        <translation>First informant / reporter / helper</translation>
    </message>
    <message>
        <source>人均月收入</source>
        <translation>Per-capita monthly income</translation>
    </message>
    <message>
        <source>尚未评定</source>
        <translation>not yet evaluated</translation>
    </message>
    <message>
        <source>（家庭年收入 %1 − 刚性支出 %2）÷ %3 人 ÷ 12 个月</source>
        <translation>(annual income %1 − unavoidable spending %2) ÷ %3 people ÷ 12 months</translation>
    </message>
    <message>
        <source>；其中 %1 名有劳动能力未就业成员按最低工资 %2 计入</source>
        <translation>; %1 able member(s) without work counted at the minimum wage %2</translation>
    </message>
    <message>
        <source>计算方法</source>
        <translation>Calculation</translation>
    </message>
    <message>
        <source>收入数据日期</source>
        <translation>Income as of</translation>
    </message>
    <message>
        <source>低保标准（深度困难线）</source>
        <translation>Dibao standard (deep-hardship line)</translation>
    </message>
    <message>
        <source>相对困难线</source>
        <translation>Relative-hardship line</translation>
    </message>
    <message>
        <source>脱困线</source>
        <translation>Exit line</translation>
    </message>
    <message>
        <source>标准生效日期</source>
        <translation>Standard in force from</translation>
    </message>
    <message>
        <source>认定依据</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>评定日期</source>
        <translation>Evaluated on</translation>
    </message>
    <message>
        <source>待办/未达标准原因</source>
        <translation>Pending / ineligible because</translation>
    </message>
    <message>
        <source>收入观察起始</source>
        <translation>Income watch since</translation>
    </message>
    <message>
        <source>（已连续 %1 个月）</source>
        <translation> (%1 months in a row)</translation>
    </message>
    <message>
        <source>脱困公示截止</source>
        <translation>Exit notice until</translation>
    </message>
    <message>
        <source>退档</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>意外事件 / 年度致困支出</source>
        <translation>Accident / hardship costs this year</translation>
    </message>
    <message>
        <source>五清检查功能尚未安装（需要生命周期模块）。</source>
        <translation>The five-clear check is not installed (needs the lifecycle module).</translation>
    </message>
</context>
<context>
    <name>EnumCombo</name>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
</context>
<context>
    <name>FileDialog</name>
    <message>
        <source>新建档案</source>
        <translation>New file</translation>
    </message>
    <message>
        <source>修改档案 %1</source>
        <translation>Edit file %1</translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic</translation>
    </message>
    <message>
        <source>姓名 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>18位身份证号</source>
        <translation>18-digit ID number</translation>
    </message>
    <message>
        <source>身份证号 *</source>
        <translation>ID number *</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>汉族</source>
        <translation>汉族</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>所属区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>家庭住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>婚姻状况</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <source>户口类型</source>
        <translation>Household registration</translation>
    </message>
    <message>
        <source>政治面貌</source>
        <translation>Political status</translation>
    </message>
    <message>
        <source>劳模级别</source>
        <translation>Model-worker rank</translation>
    </message>
    <message>
        <source>特殊群体</source>
        <translation>Special groups</translation>
    </message>
    <message>
        <source>工作与健康</source>
        <translation>Work and health</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>单位性质</source>
        <translation>Employer type</translation>
    </message>
    <message>
        <source>所属行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>工作状态 *</source>
        <translation>Work status *</translation>
    </message>
    <message>
        <source>文化程度</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>有无劳动能力</source>
        <translation>Able to work</translation>
    </message>
    <message>
        <source>健康状况</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>所患疾病</source>
        <translation>Illness</translation>
    </message>
    <message>
        <source>如：尿毒症、恶性肿瘤</source>
        <translation>e.g. uraemia, cancer</translation>
    </message>
    <message>
        <source>残疾类别</source>
        <translation>Disability type</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
    <message>
        <source>%1级</source>
        <translation>grade %1</translation>
    </message>
    <message>
        <source>残疾等级</source>
        <translation>Disability grade</translation>
    </message>
    <message>
        <source>家庭经济</source>
        <translation>Household economics</translation>
    </message>
    <message>
        <source> 人</source>
        <translation> people</translation>
    </message>
    <message>
        <source>家庭人口 *</source>
        <translation>Household size *</translation>
    </message>
    <message>
        <source>家庭年总收入 *</source>
        <translation>Household annual income *</translation>
    </message>
    <message>
        <source>本人月收入</source>
        <translation>Own monthly income</translation>
    </message>
    <message>
        <source>年度刚性支出</source>
        <translation>Annual unavoidable spending</translation>
    </message>
    <message>
        <source>低保金额（月）</source>
        <translation>Dibao received (monthly)</translation>
    </message>
    <message>
        <source>住房类型</source>
        <translation>Housing type</translation>
    </message>
    <message>
        <source>住房面积</source>
        <translation>Housing area</translation>
    </message>
    <message>
        <source>意外事件日期</source>
        <translation>Accident date</translation>
    </message>
    <message>
        <source>意外事件说明</source>
        <translation>Accident</translation>
    </message>
    <message>
        <source>年度致困支出</source>
        <translation>Hardship costs this year</translation>
    </message>
    <message>
        <source>拥有两套以上住房</source>
        <translation>Owns two or more homes</translation>
    </message>
    <message>
        <source>经营雇工企业</source>
        <translation>Runs a business with employees</translation>
    </message>
    <message>
        <source>高收费择校或自费留学</source>
        <translation>Costly private schooling or study abroad</translation>
    </message>
    <message>
        <source>拥有经常使用的私家车</source>
        <translation>Private car in regular use</translation>
    </message>
    <message>
        <source>以上四项任一属实，按规定不能认定为困难职工。</source>
        <translation>If any of these four is true, the household cannot be recognised as in hardship.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>健康</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>就读学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>年级</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>月收入（元）</source>
        <translation>Monthly income (yuan)</translation>
    </message>
    <message>
        <source>有劳动能力</source>
        <translation>Able to work</translation>
    </message>
    <message>
        <source>参保情况</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <source>添加成员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>删除选中成员</source>
        <translation>Remove selected member</translation>
    </message>
    <message>
        <source>本人以外的家庭成员；填写身份证号时出生日期和性别由号码得出。</source>
        <translation>Household members other than the worker; with an ID number, birth date and sex come from it.</translation>
    </message>
    <message>
        <source>家庭成员</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>五清</source>
        <translation>Five clears</translation>
    </message>
    <message>
        <source>家庭状况清</source>
        <translation>Family situation</translation>
    </message>
    <message>
        <source>家庭成员、住房、参保、低保等情况</source>
        <translation>Members, housing, insurance, dibao…</translation>
    </message>
    <message>
        <source>主要致困原因</source>
        <translation>Main cause</translation>
    </message>
    <message>
        <source>次要致困原因（至多3项）</source>
        <translation>Secondary causes (up to 3)</translation>
    </message>
    <message>
        <source>致困情况说明</source>
        <translation>Account of the cause</translation>
    </message>
    <message>
        <source>技术特长清</source>
        <translation>Skills</translation>
    </message>
    <message>
        <source>技能、证书、工作经历；没有请写“无”</source>
        <translation>Skills, certificates, work history; write 无 (none) if none</translation>
    </message>
    <message>
        <source>就业要求清</source>
        <translation>Employment wishes</translation>
    </message>
    <message>
        <source>希望的工作、时间、地点、培训；不适用请说明原因</source>
        <translation>Wished-for work, hours, place, training; or why not applicable</translation>
    </message>
    <message>
        <source>思想状况清</source>
        <translation>State of mind</translation>
    </message>
    <message>
        <source>入户走访时观察到的态度和主要顾虑</source>
        <translation>Attitude and main concerns seen in the home visit</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>知情人与银行</source>
        <translation>Informants and bank</translation>
    </message>
    <message>
        <source>第一知情人</source>
        <translation>First informant</translation>
    </message>
    <message>
        <source>第一报告人</source>
        <translation>First reporter</translation>
    </message>
    <message>
        <source>第一帮助人</source>
        <translation>First helper</translation>
    </message>
    <message>
        <source>开户银行</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>银行账号</source>
        <translation>Bank account</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>出生日期和性别将由身份证号得出</source>
        <translation>Birth date and sex come from the ID number</translation>
    </message>
    <message>
        <source>已输入%1位，共18位</source>
        <translation>%1 of 18 characters</translation>
    </message>
    <message>
        <source>出生日期 %1，%2</source>
        <translation>born %1, %2</translation>
    </message>
    <message>
        <source>有 %1 处需要修改，未保存：</source>
        <translation>%1 problem(s) to fix; nothing was saved:</translation>
    </message>
    <message>
        <source>放弃修改？</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <source>填写的内容尚未保存，确定要关闭吗？</source>
        <translation>What you entered is not saved. Close anyway?</translation>
    </message>
</context>
<context>
    <name>FileTableModel</name>
    <message>
        <source>档案编号</source>
        <extracomment>the file number of the row (for actions on the selected file) the FileRow itself the machine name behind a label (status, category, sex) or the raw number (income in fen)</extracomment>
        <translation>File no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>困难类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>人均月收入</source>
        <translation>Per-capita monthly income</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>身份证号已隐去中间部分；完整号码见档案详情</source>
        <translation>Middle digits hidden; the full number is in the file&apos;s details</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>首次使用：设定本工会</source>
        <translation>First start: this union</translation>
    </message>
    <message>
        <source>欢迎使用绿卡帮扶档案。请先填写保管本数据库的工会，以及当地的低保标准和最低工资。这些内容以后可以在“设置”菜单中修改。</source>
        <translation>Welcome. First enter the union that keeps this database and the local dibao standard and minimum wage. You can change them later.</translation>
    </message>
    <message>
        <source>本工会</source>
        <translation>This union</translation>
    </message>
    <message>
        <source>如：230102001</source>
        <translation>e.g. 230102001</translation>
    </message>
    <message>
        <source>如：哈尔滨锅炉厂工会</source>
        <translation>e.g. Harbin Boiler Works union</translation>
    </message>
    <message>
        <source>上级工会代码（省总工会不填）</source>
        <translation>Parent union code (none for a province union)</translation>
    </message>
    <message>
        <source>工会代码 *</source>
        <translation>Union code *</translation>
    </message>
    <message>
        <source>工会名称 *</source>
        <translation>Union name *</translation>
    </message>
    <message>
        <source>工会级别 *</source>
        <translation>Union level *</translation>
    </message>
    <message>
        <source>上级工会代码</source>
        <translation>Parent union code</translation>
    </message>
    <message>
        <source>当地标准</source>
        <translation>Local standard</translation>
    </message>
    <message>
        <source>低保标准（元/月/人）</source>
        <translation>Dibao standard (yuan per person per month)</translation>
    </message>
    <message>
        <source>最低工资标准（元/月）</source>
        <translation>Minimum wage (yuan per month)</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>In force from</translation>
    </message>
    <message>
        <source>生成演示数据（500户）</source>
        <translation>Build demo data (500 households)</translation>
    </message>
    <message>
        <source>演示数据用于熟悉操作；正式使用时请用新的数据库。</source>
        <translation>Demo data is for learning; use a fresh database for real work.</translation>
    </message>
    <message>
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>绿卡帮扶档案</source>
        <translation>Green-card hardship files</translation>
    </message>
    <message>
        <source>新建档案</source>
        <translation>New file</translation>
    </message>
    <message>
        <source>为新发现的困难职工建立档案</source>
        <translation>Open a file for a newly found worker in hardship</translation>
    </message>
    <message>
        <source>修改档案</source>
        <translation>Edit file</translation>
    </message>
    <message>
        <source>修改选中的档案</source>
        <translation>Edit the selected file</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>按姓名、拼音首字母、身份证号、档案编号或单位查找</source>
        <translation>Find by name, pinyin initials, ID number, file number or employer</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>低保标准…</source>
        <translation>Standards…</translation>
    </message>
    <message>
        <source>设定新的低保标准和最低工资，并重新评定全部档案</source>
        <translation>Set a new dibao standard and minimum wage, then re-evaluate every file</translation>
    </message>
    <message>
        <source>重新评定全部档案</source>
        <translation>Re-evaluate all files</translation>
    </message>
    <message>
        <source>按现行标准重新评定全部档案</source>
        <translation>Re-evaluate every file against the standard in force</translation>
    </message>
    <message>
        <source>生成演示数据…</source>
        <translation>Demo data…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>档案(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>评定(&amp;R)</source>
        <translation>&amp;Evaluate</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>常用</source>
        <translation>Main</translation>
    </message>
    <message>
        <source>查找：姓名、拼音首字母（如 zjg）、身份证号或末几位、档案编号、工作单位</source>
        <translation>Find: name, pinyin initials (e.g. zjg), ID number or its last digits, file number, employer</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>档案</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>统计图表</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>档案编号</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>待办提醒（走访、复核、公示到期等）需要生命周期模块，尚未安装。</source>
        <translation>Duties due (visits, reviews, notices) need the lifecycle module, which is not installed.</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>今天：%1</source>
        <translation>Today: %1</translation>
    </message>
    <message>
        <source>找到 %1 份 ｜ 数据库共 %2 份档案</source>
        <translation>%1 found | %2 files in the database</translation>
    </message>
    <message>
        <source>待办（%1）</source>
        <translation>Due (%1)</translation>
    </message>
    <message>
        <source>已设定 %1 起的新标准，正在重新评定全部档案……</source>
        <translation>Standard from %1 saved; re-evaluating every file…</translation>
    </message>
    <message>
        <source>正在按现行标准重新评定全部档案……</source>
        <translation>Re-evaluating every file against the standard in force…</translation>
    </message>
    <message>
        <source>重新评定完成</source>
        <translation>Re-evaluation finished</translation>
    </message>
    <message>
        <source>生成演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>生成多少户演示档案？</source>
        <translation>How many demo households?</translation>
    </message>
    <message>
        <source>正在生成 %1 户演示档案……</source>
        <translation>Building %1 demo households…</translation>
    </message>
    <message>
        <source>已生成演示档案 %1 份</source>
        <translation>%1 demo files built</translation>
    </message>
    <message>
        <source>没有档案的类别或状态发生变化。</source>
        <translation>No file changed category or status.</translation>
    </message>
    <message>
        <source>界面语言已更改，重新启动程序后生效。</source>
        <translation>The language changes when the program is restarted.</translation>
    </message>
    <message>
        <source>绿卡帮扶档案 %1
困难职工帮扶档案管理（基层工会及各级工会使用）。
数据库：%2</source>
        <translation>Green-card hardship files %1
Hardship files of trade unions at every level.
Database: %2</translation>
    </message>
</context>
<context>
    <name>MoneyEdit</name>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
</context>
<context>
    <name>StandardsDialog</name>
    <message>
        <source>低保标准与最低工资</source>
        <translation>Dibao standard and minimum wage</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>In force from</translation>
    </message>
    <message>
        <source>低保标准（月/人）</source>
        <translation>Dibao (per person per month)</translation>
    </message>
    <message>
        <source>最低工资（月）</source>
        <translation>Minimum wage (month)</translation>
    </message>
    <message>
        <source>相对困难线倍数</source>
        <translation>Relative multiple</translation>
    </message>
    <message>
        <source>脱困线倍数</source>
        <translation>Exit multiple</translation>
    </message>
    <message>
        <source>设定新标准</source>
        <translation>New standard</translation>
    </message>
    <message>
        <source>低保标准（元/月/人）</source>
        <translation>Dibao standard (yuan per person per month)</translation>
    </message>
    <message>
        <source>最低工资标准（元/月）</source>
        <translation>Minimum wage (yuan per month)</translation>
    </message>
    <message>
        <source>相对困难线（低保标准的倍数）</source>
        <translation>Relative-hardship line (× dibao)</translation>
    </message>
    <message>
        <source>脱困线（低保标准的倍数）</source>
        <translation>Exit line (× dibao)</translation>
    </message>
    <message>
        <source>保存后将按新标准重新评定全部档案，并列出类别和状态的变化。</source>
        <translation>After saving, every file is re-evaluated against the new standard and the changes are listed.</translation>
    </message>
    <message>
        <source>保存并重新评定</source>
        <translation>Save and re-evaluate</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已设定的标准（最新在上）</source>
        <translation>Standards on record (newest first)</translation>
    </message>
</context>
<context>
    <name>TriStateCombo</name>
    <message>
        <source>（未填）</source>
        <translation>(not stated)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>绿卡帮扶档案</source>
        <translation>Green-card hardship files</translation>
    </message>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>无法打开或升级数据库，程序不能继续。

数据库：%1
原因：%2

请检查文件是否存在、是否被其他程序占用、磁盘是否已满。升级前的数据库副本保存在数据库所在文件夹的 backups 子文件夹中。</source>
        <translation>The database cannot be opened or upgraded, so the program cannot go on.

Database: %1
Reason: %2

Check that the file exists, is not in use by another program and that the disk is not full. The copy taken before an upgrade is in the backups folder next to the database.</translation>
    </message>
</context>
<context>
    <name>jobs</name>
    <message>
        <source>输入有误</source>
        <translation>Please correct the input</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <source>数据库不可用</source>
        <translation>Database unavailable</translation>
    </message>
    <message>
        <source>数据库暂时无法使用，数据没有写入。请检查磁盘空间、文件是否被其他程序占用，然后重试。</source>
        <translation>The database cannot be used right now; nothing was written. Check the disk space and whether another program holds the file, then try again.</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>程序出现错误，本次操作没有完成，数据没有写入。请把下面的详细信息发给维护人员。</source>
        <translation>The program failed; the action was not completed and nothing was written. Please send the details below to your maintainer.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>正在取消，已做的改动将全部撤销……</source>
        <translation>Cancelling; everything done so far is undone…</translation>
    </message>
</context>
</TS>
